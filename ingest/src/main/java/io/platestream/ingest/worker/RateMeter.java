package io.platestream.ingest.worker;

import java.util.function.LongSupplier;

/** Events per second over the last few whole seconds, for the status page. Thread-safe. */
final class RateMeter {
  private static final int WINDOW_SECONDS = 5;

  private final LongSupplier clockMillis;
  private final long[] counts = new long[WINDOW_SECONDS + 1];
  private final long[] seconds = new long[WINDOW_SECONDS + 1];

  RateMeter(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
  }

  synchronized void mark() {
    long second = clockMillis.getAsLong() / 1000;
    int slot = (int) (second % counts.length);
    if (seconds[slot] != second) {
      seconds[slot] = second;
      counts[slot] = 0;
    }
    counts[slot]++;
  }

  /** Mean rate over the last complete seconds (the current, partial one left out). */
  synchronized double perSecond() {
    long now = clockMillis.getAsLong() / 1000;
    long total = 0;
    for (int i = 0; i < counts.length; i++) {
      if (seconds[i] < now && seconds[i] >= now - WINDOW_SECONDS) {
        total += counts[i];
      }
    }
    return total / (double) WINDOW_SECONDS;
  }
}
