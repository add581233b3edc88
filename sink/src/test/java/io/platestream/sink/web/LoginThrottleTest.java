package io.platestream.sink.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.testing.SettableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Password guessing from one address is slowed; other addresses and honest users are not. */
class LoginThrottleTest {
  private final SettableClock clock = new SettableClock(1_000_000);

  @Test
  void anAddressIsRefusedAfterTooManyFailuresUntilTheWindowPasses() {
    LoginThrottle throttle = new LoginThrottle(3, Duration.ofSeconds(60), clock);
    for (int i = 0; i < 2; i++) {
      throttle.failed("10.0.0.1");
      clock.advance(1_000);
    }
    assertThat(throttle.waitFor("10.0.0.1")).isZero();
    throttle.failed("10.0.0.1");
    assertThat(throttle.waitFor("10.0.0.1")).isEqualTo(Duration.ofSeconds(60));
    assertThat(throttle.waitFor("10.0.0.2")).as("another address").isZero();
    clock.advance(59_000);
    assertThat(throttle.waitFor("10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
    clock.advance(1_001);
    assertThat(throttle.waitFor("10.0.0.1")).isZero();
  }

  @Test
  void aSuccessClearsTheFailures() {
    LoginThrottle throttle = new LoginThrottle(2, Duration.ofSeconds(60), clock);
    throttle.failed("10.0.0.1");
    throttle.succeeded("10.0.0.1");
    throttle.failed("10.0.0.1");
    assertThat(throttle.waitFor("10.0.0.1")).isZero();
  }

  @Test
  void manyAddressesFailingAtOnceAreRememberedUpToTheBoundTheNewestKept() {
    LoginThrottle throttle = new LoginThrottle(2, Duration.ofSeconds(60), clock);
    for (int i = 0; i < LoginThrottle.MAX_ADDRESSES + 500; i++) {
      throttle.failed("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
      throttle.failed("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
      clock.advance(1);
    }
    assertThat(throttle.addresses()).isLessThanOrEqualTo(LoginThrottle.MAX_ADDRESSES);
    int newest = LoginThrottle.MAX_ADDRESSES + 499;
    assertThat(
            throttle.waitFor(
                "10." + (newest >> 16) + "." + ((newest >> 8) & 255) + "." + (newest & 255)))
        .as("the newest guesser is still held back")
        .isPositive();

    // Once the window has passed, room is made from the expired ones first.
    clock.advance(61_000);
    throttle.failed("192.168.0.1");
    assertThat(throttle.addresses()).isEqualTo(1);
  }
}
