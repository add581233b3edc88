package io.platestream.sink.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sessions expire, and however many sign-ins there are, the sessions held stay bounded. */
class AccessTest {
  private final SettableClock clock = new SettableClock(1_000_000);

  @Test
  void sessionsNobodyLogsOutOfStayBoundedAndTheNewestStillWork() {
    Access access =
        new Access("operator", "correct horse", List.of(), Duration.ofMinutes(10), clock);
    Optional<String> first = access.login("operator", "correct horse");
    String newest = null;
    for (int i = 0; i < Access.MAX_SESSIONS + 100; i++) {
      newest = access.login("operator", "correct horse").orElseThrow();
      clock.advance(1);
    }
    assertThat(access.sessionCount()).isLessThanOrEqualTo(Access.MAX_SESSIONS);
    assertThat(access.allows(null, newest)).isTrue();
    assertThat(access.allows(null, first.orElseThrow()))
        .as("the one expiring first made room")
        .isFalse();

    // Expired sessions are swept before any live one is ended.
    clock.advance(Duration.ofMinutes(11).toMillis());
    String after = access.login("operator", "correct horse").orElseThrow();
    assertThat(access.allows(null, after)).isTrue();
    assertThat(access.sessionCount()).isEqualTo(1);
    assertThat(access.login("operator", "wrong password")).isEmpty();
  }
}
