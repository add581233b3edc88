package io.platestream.sink.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.testing.SettableClock;
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

  @Test
  void reviewersSignInAsThemselvesWithTheReviewerRole() {
    Access access =
        new Access(
            "operator",
            "correct horse",
            List.of("token-0123456789"),
            java.util.Map.of("ana", "ana-reviews-plates"),
            Duration.ofMinutes(10),
            clock);
    String session = access.login("ana", "ana-reviews-plates").orElseThrow();
    assertThat(access.principal(null, session))
        .contains(new Access.Principal("ana", Access.Role.REVIEWER));
    assertThat(access.principal(null, access.login("operator", "correct horse").orElseThrow()))
        .contains(new Access.Principal("operator", Access.Role.OPERATOR));
    assertThat(access.principal("Bearer token-0123456789", null))
        .contains(new Access.Principal("api token", Access.Role.OPERATOR));
    assertThat(access.login("ana", "correct horse")).as("another's password").isEmpty();
    assertThat(access.login("operator", "ana-reviews-plates")).isEmpty();

    assertThatThrownBy(
            () ->
                new Access(
                    "operator",
                    "correct horse",
                    List.of(),
                    java.util.Map.of("operator", "another password"),
                    Duration.ofMinutes(10),
                    clock))
        .hasMessage("reviewer operator has the operator's name: give the reviewer another one");
    assertThatThrownBy(
            () ->
                new Access(
                    "operator",
                    "correct horse",
                    List.of(),
                    java.util.Map.of("ana", "short"),
                    Duration.ofMinutes(10),
                    clock))
        .hasMessage("reviewer ana needs a password of at least 8 characters");
  }
}
