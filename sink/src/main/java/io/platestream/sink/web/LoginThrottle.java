package io.platestream.sink.web;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: an address that fails to sign in {@code maxFailures} times within {@code
 * window} is refused, right password or not, until the window since its last failure has passed. A
 * success clears its failures. Addresses are forgotten when their failures age out, so the map
 * stays as small as the set of recent guessers.
 */
public final class LoginThrottle {
  private final int maxFailures;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

  public LoginThrottle(int maxFailures, Duration window, Clock clock) {
    if (maxFailures < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException(
          "a login throttle needs 1+ failures and a positive window");
    }
    this.maxFailures = maxFailures;
    this.window = window;
    this.clock = clock;
  }

  /** Five failures a minute, on the system clock. */
  public static LoginThrottle defaults() {
    return new LoginThrottle(5, Duration.ofMinutes(1), Clock.systemUTC());
  }

  /** How long {@code address} must wait before trying again; zero when it may try now. */
  public Duration waitFor(String address) {
    Deque<Long> recent = failures.get(address);
    if (recent == null) {
      return Duration.ZERO;
    }
    synchronized (recent) {
      forgetOld(address, recent);
      if (recent.size() < maxFailures) {
        return Duration.ZERO;
      }
      long until = recent.peekLast() + window.toMillis();
      return Duration.ofMillis(Math.max(0, until - clock.millis()));
    }
  }

  public void failed(String address) {
    Deque<Long> recent = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
    synchronized (recent) {
      recent.addLast(clock.millis());
      while (recent.size() > maxFailures) {
        recent.removeFirst();
      }
    }
  }

  public void succeeded(String address) {
    failures.remove(address);
  }

  private void forgetOld(String address, Deque<Long> recent) {
    long oldest = clock.millis() - window.toMillis();
    if (!recent.isEmpty() && recent.peekLast() < oldest) {
      recent.clear();
      failures.remove(address, recent);
    }
  }
}
