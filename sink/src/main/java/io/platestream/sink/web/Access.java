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
 * Who may see plates: one configured user (password, for the dashboard's login form and HTTP Basic)
 * and API tokens (HTTP {@code Authorization: Bearer}). A login opens a session, kept in an HttpOnly
 * cookie, that expires after {@code sessionLifetime}. Secrets are compared in constant time.
 */
public final class Access {
  public static final String SESSION_COOKIE = "platestream_session";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String user;
  private final byte[] password;
  private final List<byte[]> tokens;
  private final Duration sessionLifetime;
  private final Clock clock;
  private final Map<String, Long> sessions = new ConcurrentHashMap<>();

  /** The most sessions held at once; past it the one that expires first ends. */
  public static final int MAX_SESSIONS = 10_000;

  /** Sessions held now, expired ones not yet swept included. */
  int sessionCount() {
    return sessions.size();
  }

  public Access(
      String user, String password, List<String> tokens, Duration sessionLifetime, Clock clock) {
    if (user == null || user.isBlank() || password == null || password.length() < 8) {
      throw new IllegalArgumentException(
          "the dashboard needs a user name and a password of at least 8 characters");
    }
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

  /** Who a signed-in request acts as: the user, or "api token" for a bearer token. */
  public String actor(String authorization) {
    return authorization != null && authorization.startsWith("Bearer ") ? "api token" : user;
  }

  /** A new session for a correct user and password; empty otherwise. */
  public Optional<String> login(String user, String password) {
    if (user == null || password == null || !checkUser(user, password)) {
      return Optional.empty();
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String session = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    long now = clock.millis();
    if (sessions.size() >= MAX_SESSIONS) {
      // Sessions nobody logs out of stay until looked up again: sweep the expired ones, and if
      // still full, end the one that expires first.
      sessions.values().removeIf(expires -> expires <= now);
      while (sessions.size() >= MAX_SESSIONS) {
        sessions.entrySet().stream()
            .min(Map.Entry.comparingByValue())
            .ifPresent(oldest -> sessions.remove(oldest.getKey(), oldest.getValue()));
      }
    }
    sessions.put(session, now + sessionLifetime.toMillis());
    return Optional.of(session);
  }

  public void logout(String session) {
    if (session != null) {
      sessions.remove(session);
    }
  }

  /**
   * Whether a request may pass: a live session cookie, a known bearer token, or the user's password
   * by HTTP Basic.
   */
  public boolean allows(String authorization, String sessionCookie) {
    if (sessionCookie != null) {
      Long expires = sessions.get(sessionCookie);
      if (expires != null) {
        if (expires > clock.millis()) {
          return true;
        }
        sessions.remove(sessionCookie);
      }
    }
    if (authorization == null) {
      return false;
    }
    if (authorization.startsWith("Bearer ")) {
      byte[] offered = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
      return tokens.stream().anyMatch(t -> MessageDigest.isEqual(t, offered));
    }
    if (authorization.startsWith("Basic ")) {
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(authorization.substring(6).strip()),
                StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return false;
      }
      int colon = decoded.indexOf(':');
      return colon > 0 && checkUser(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
    return false;
  }

  private boolean checkUser(String offeredUser, String offeredPassword) {
    boolean userMatches =
        MessageDigest.isEqual(
            user.getBytes(StandardCharsets.UTF_8), offeredUser.getBytes(StandardCharsets.UTF_8));
    boolean passwordMatches =
        MessageDigest.isEqual(password, offeredPassword.getBytes(StandardCharsets.UTF_8));
    return userMatches & passwordMatches; // both checked: no early exit to time
  }
}
