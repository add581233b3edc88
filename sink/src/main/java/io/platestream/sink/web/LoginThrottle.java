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
  /** The most addresses remembered at once. */
  public static final int MAX_ADDRESSES = 10_000;

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
    if (failures.size() >= MAX_ADDRESSES && !failures.containsKey(address)) {
      // Many addresses failing at once: forget those whose failures are past the window; if
      // that is not enough, the least recent ones (they have waited longest already).
      long oldest = clock.millis() - window.toMillis();
      failures.values().removeIf(recent -> lastFailure(recent) < oldest);
      while (failures.size() >= MAX_ADDRESSES) {
        failures.entrySet().stream()
            .min(java.util.Comparator.comparingLong(e -> lastFailure(e.getValue())))
            .ifPresent(least -> failures.remove(least.getKey(), least.getValue()));
      }
    }
    Deque<Long> recent = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
    synchronized (recent) {
      recent.addLast(clock.millis());
      while (recent.size() > maxFailures) {
        recent.removeFirst();
      }
    }
  }

  /** Addresses remembered now. */
  int addresses() {
    return failures.size();
  }

  private static long lastFailure(Deque<Long> recent) {
    synchronized (recent) {
      Long last = recent.peekLast();
      return last == null ? Long.MIN_VALUE : last;
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
