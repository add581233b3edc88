package io.platestream.sink.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may see plates, and what they may do: one operator user (password, for the dashboard's login
 * form and HTTP Basic) and API tokens (HTTP {@code Authorization: Bearer}) may do everything; named
 * reviewers (each with a password of their own) may read events and label them, nothing else, and
 * each label records who gave it. A login opens a session, kept in an HttpOnly cookie, that expires
 * after {@code sessionLifetime}. Secrets are compared in constant time.
 */
public final class Access {
  public static final String SESSION_COOKIE = "platestream_session";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String user;
  private final byte[] password;
  private final List<byte[]> tokens;
  private final Duration sessionLifetime;
  private final Clock clock;
  private final Map<String, byte[]> reviewers;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  /** What a signed-in principal may do. */
  public enum Role {
    /** Everything: events, watchlists, alerts, labels. */
    OPERATOR,
    /** Read events and label them. */
    REVIEWER
  }

  /** Who a request acts as. */
  public record Principal(String name, Role role) {}

  private record Session(long expiresMs, Principal principal) {}

  /** The most sessions held at once; past it the one that expires first ends. */
  public static final int MAX_SESSIONS = 10_000;

  /** Sessions held now, expired ones not yet swept included. */
  int sessionCount() {
    return sessions.size();
  }

  public Access(
      String user, String password, List<String> tokens, Duration sessionLifetime, Clock clock) {
    this(user, password, tokens, Map.of(), sessionLifetime, clock);
  }

  /**
   * @param reviewers reviewers' names and passwords (at least 8 characters each)
   */
  public Access(
      String user,
      String password,
      List<String> tokens,
      Map<String, String> reviewers,
      Duration sessionLifetime,
      Clock clock) {
    if (user == null || user.isBlank() || password == null || password.length() < 8) {
      throw new IllegalArgumentException(
          "the dashboard needs a user name and a password of at least 8 characters");
    }
    Map<String, byte[]> checked = new java.util.HashMap<>();
    reviewers.forEach(
        (name, secret) -> {
          if (name.equals(user)) {
            throw new IllegalArgumentException(
                "reviewer " + name + " has the operator's name: give the reviewer another one");
          }
          if (secret == null || secret.length() < 8) {
            throw new IllegalArgumentException(
                "reviewer " + name + " needs a password of at least 8 characters");
          }
          checked.put(name, secret.getBytes(StandardCharsets.UTF_8));
        });
    this.reviewers = Map.copyOf(checked);
    this.user = user;
    this.password = password.getBytes(StandardCharsets.UTF_8);
    this.tokens = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    this.sessionLifetime = sessionLifetime;
    this.clock = clock;
  }

  /** A random password for a demo run, printed once at start. */
  public static String randomPassword() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public String user() {
    return user;
  }

  /** A new session for a correct user (operator or reviewer) and password; empty otherwise. */
  public Optional<String> login(String user, String password) {
    Optional<Principal> principal =
        user == null || password == null ? Optional.empty() : check(user, password);
    if (principal.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String session = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    long now = clock.millis();
    if (sessions.size() >= MAX_SESSIONS) {
      // Sessions nobody logs out of stay until looked up again: sweep the expired ones, and if
      // still full, end the one that expires first.
      sessions.values().removeIf(held -> held.expiresMs() <= now);
      while (sessions.size() >= MAX_SESSIONS) {
        sessions.entrySet().stream()
            .min(Map.Entry.comparingByValue(java.util.Comparator.comparingLong(Session::expiresMs)))
            .ifPresent(oldest -> sessions.remove(oldest.getKey(), oldest.getValue()));
      }
    }
    sessions.put(session, new Session(now + sessionLifetime.toMillis(), principal.get()));
    return Optional.of(session);
  }

  public void logout(String session) {
    if (session != null) {
      sessions.remove(session);
    }
  }

  /** Whether a request may pass: see {@link #principal}. */
  public boolean allows(String authorization, String sessionCookie) {
    return principal(authorization, sessionCookie).isPresent();
  }

  /**
   * Who a request acts as: the principal of a live session cookie, of a known bearer token (an
   * operator named "api token"), or of a user's password by HTTP Basic; empty when none.
   */
  public Optional<Principal> principal(String authorization, String sessionCookie) {
    if (sessionCookie != null) {
      Session held = sessions.get(sessionCookie);
      if (held != null) {
        if (held.expiresMs() > clock.millis()) {
          return Optional.of(held.principal());
        }
        sessions.remove(sessionCookie);
      }
    }
    if (authorization == null) {
      return Optional.empty();
    }
    if (authorization.startsWith("Bearer ")) {
      byte[] offered = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
      return tokens.stream().anyMatch(t -> MessageDigest.isEqual(t, offered))
          ? Optional.of(new Principal("api token", Role.OPERATOR))
          : Optional.empty();
    }
    if (authorization.startsWith("Basic ")) {
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(authorization.substring(6).strip()),
                StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      int colon = decoded.indexOf(':');
      return colon > 0
          ? check(decoded.substring(0, colon), decoded.substring(colon + 1))
          : Optional.empty();
    }
    return Optional.empty();
  }

  /** The principal whose name and password these are. */
  private Optional<Principal> check(String offeredUser, String offeredPassword) {
    byte[] offered = offeredPassword.getBytes(StandardCharsets.UTF_8);
    boolean userMatches =
        MessageDigest.isEqual(
            user.getBytes(StandardCharsets.UTF_8), offeredUser.getBytes(StandardCharsets.UTF_8));
    boolean passwordMatches = MessageDigest.isEqual(password, offered);
    if (userMatches & passwordMatches) { // both checked: no early exit to time
      return Optional.of(new Principal(user, Role.OPERATOR));
    }
    byte[] reviewerPassword = reviewers.get(offeredUser);
    if (reviewerPassword != null && MessageDigest.isEqual(reviewerPassword, offered)) {
      return Optional.of(new Principal(offeredUser, Role.REVIEWER));
    }
    return Optional.empty();
  }
}
