package io.platestream.sink.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Sessions expire, and however many sign-ins there are, the sessions held stay bounded. */
class AccessTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(now.get());
        }
      };

  @Test
  void sessionsNobodyLogsOutOfStayBoundedAndTheNewestStillWork() {
    Access access =
        new Access("operator", "correct horse", List.of(), Duration.ofMinutes(10), clock);
    Optional<String> first = access.login("operator", "correct horse");
    String newest = null;
    for (int i = 0; i < Access.MAX_SESSIONS + 100; i++) {
      newest = access.login("operator", "correct horse").orElseThrow();
      now.addAndGet(1);
    }
    assertThat(access.sessionCount()).isLessThanOrEqualTo(Access.MAX_SESSIONS);
    assertThat(access.allows(null, newest)).isTrue();
    assertThat(access.allows(null, first.orElseThrow()))
        .as("the one expiring first made room")
        .isFalse();

    // Expired sessions are swept before any live one is ended.
    now.addAndGet(Duration.ofMinutes(11).toMillis());
    String after = access.login("operator", "correct horse").orElseThrow();
    assertThat(access.allows(null, after)).isTrue();
    assertThat(access.sessionCount()).isEqualTo(1);
    assertThat(access.login("operator", "wrong password")).isEmpty();
  }
}
