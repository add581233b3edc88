package io.platestream.ingest.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesUpToTheCapWithJitterBetweenHalfAndAll() {
    Backoff lowest = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.0);
    Backoff highest = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.999999);
    long[] expectedCeilings = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
    for (long ceiling : expectedCeilings) {
      assertThat(lowest.next().toMillis()).isEqualTo(ceiling / 2);
      assertThat(highest.next().toMillis()).isBetween(ceiling - 1, ceiling);
    }
  }

  @Test
  void resetStartsAgainFromTheInitialDelay() {
    Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 1.0);
    backoff.next();
    backoff.next();
    backoff.reset();
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void refusesACapBelowTheInitialDelay() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0))
        .hasMessageContaining("initial <= max");
  }
}
