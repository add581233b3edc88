package io.platestream.sink;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Retries one step of a consumer loop (store a batch, post an alert) until it is done, with
 * exponential backoff and jitter (0.5 s doubling up to a limit). Meanwhile the consumer's
 * partitions are paused and it keeps polling, so it stays in its group without fetching more.
 */
public final class PausingRetry {
  private static final long FIRST_BACKOFF_MS = 500;

  /** One attempt: empty when done, or why it failed. */
  @FunctionalInterface
  public interface Attempt {
    Optional<String> run();
  }

  /** Told of each failure and the wait before the next attempt. */
  @FunctionalInterface
  public interface Failure {
    void failed(String reason, long waitMs);
  }

  private PausingRetry() {}

  /** Runs {@code attempt} until it is done (true) or {@code running} turns false (false). */
  public static boolean untilDone(
      Consumer<?, ?> consumer,
      BooleanSupplier running,
      Duration maxBackoff,
      Attempt attempt,
      Failure onFailure) {
    long backoffMs = FIRST_BACKOFF_MS;
    boolean paused = false;
    try {
      while (running.getAsBoolean()) {
        Optional<String> failure = attempt.run();
        if (failure.isEmpty()) {
          return true;
        }
        long waitMs = backoffMs / 2 + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1);
        onFailure.failed(failure.get(), waitMs);
        if (!paused) {
          consumer.pause(consumer.assignment());
          paused = true;
        }
        long until = System.currentTimeMillis() + waitMs;
        while (running.getAsBoolean() && System.currentTimeMillis() < until) {
          consumer.poll(Duration.ofMillis(100)); // heartbeats while paused; returns nothing
        }
        backoffMs = Math.min(backoffMs * 2, maxBackoff.toMillis());
      }
      return false;
    } finally {
      if (paused) {
        consumer.resume(consumer.assignment());
      }
    }
  }
}
