package io.platestream.sink;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries one step of a consumer loop (store a batch, post an alert) until it is done, with
 * exponential backoff and jitter (0.5 s doubling up to a limit). Meanwhile the consumer's
 * partitions are paused and it keeps polling, so it stays in its group without fetching more; a
 * rebalance meanwhile is paused too, and nothing a poll returns is lost (see {@link #heartbeat}).
 */
public final class PausingRetry {
  private static final Logger log = LoggerFactory.getLogger(PausingRetry.class);
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

  /**
   * One poll that only keeps the consumer in its group. Every partition is paused first, again each
   * time: a rebalance inside the poll can assign new ones, unpaused. Whatever the poll still
   * returns is not dropped: each partition is sought back to its first returned record, so the loop
   * reads it after the wait.
   */
  static void heartbeat(Consumer<?, ?> consumer) {
    consumer.pause(consumer.assignment());
    ConsumerRecords<?, ?> returned = consumer.poll(Duration.ofMillis(100));
    for (TopicPartition partition : returned.partitions()) {
      consumer.seek(partition, returned.records(partition).get(0).offset());
    }
  }

  /**
   * After a commit a rebalance refused: a partition that moved is replayed by its new owner; one
   * this consumer kept is sought back to its committed offset, so its records are read, stored
   * (idempotently) and committed again rather than left uncommitted until more arrive.
   */
  private static void replayUncommitted(Consumer<?, ?> consumer, Set<TopicPartition> partitions) {
    Set<TopicPartition> kept = new HashSet<>(partitions);
    kept.retainAll(consumer.assignment());
    log.info(
        "offsets not committed after a rebalance; replaying {} partition(s) kept here, the new"
            + " owners replay the rest",
        kept.size());
    if (kept.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(kept);
    for (TopicPartition partition : kept) {
      OffsetAndMetadata offset = committed.get(partition);
      if (offset == null) {
        consumer.seekToBeginning(List.of(partition));
      } else {
        consumer.seek(partition, offset.offset());
      }
    }
  }

  /**
   * Commits {@code offsets}, retrying a commit that timed out (the broker or its coordinator away)
   * with the same backoff, heartbeating meanwhile. Only partitions still assigned here are
   * committed; a partition that moved, or a commit refused after a rebalance, is left to its new
   * owner, which replays it. False when closing first.
   */
  public static boolean commit(
      Consumer<?, ?> consumer,
      Map<TopicPartition, OffsetAndMetadata> offsets,
      BooleanSupplier running,
      Duration maxBackoff,
      Failure onFailure) {
    Attempt commit =
        () -> {
          Map<TopicPartition, OffsetAndMetadata> owned = stillAssigned(consumer, offsets);
          if (owned.isEmpty()) {
            return Optional.empty();
          }
          try {
            consumer.commitSync(owned);
          } catch (CommitFailedException e) {
            replayUncommitted(consumer, owned.keySet());
          } catch (TimeoutException | RetriableCommitFailedException e) {
            return Optional.of("commit: " + e.getMessage());
          }
          return Optional.empty();
        };
    // Once at any rate, closing or not: what was just stored should not be replayed.
    Optional<String> first = commit.run();
    if (first.isEmpty()) {
      return true;
    }
    onFailure.failed(first.get(), 0);
    return untilDone(consumer, running, maxBackoff, commit, onFailure);
  }

  /**
   * The offsets of partitions this consumer still owns. The coordinator accepts a commit for any
   * partition from a member of the current generation, so a member that lost a partition while it
   * waited (a rebalance during a database outage) would otherwise commit its stale offset over the
   * new owner's newer one, and the group's position would move backwards.
   */
  private static Map<TopicPartition, OffsetAndMetadata> stillAssigned(
      Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
    Set<TopicPartition> assigned = consumer.assignment();
    Map<TopicPartition, OffsetAndMetadata> owned = new HashMap<>();
    offsets.forEach(
        (partition, offset) -> {
          if (assigned.contains(partition)) {
            owned.put(partition, offset);
          }
        });
    if (owned.size() < offsets.size()) {
      log.info(
          "{} partition(s) moved to another member before their commit; the new owner replays"
              + " them",
          offsets.size() - owned.size());
    }
    return owned;
  }

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
        paused = true;
        long until = System.currentTimeMillis() + waitMs;
        while (running.getAsBoolean() && System.currentTimeMillis() < until) {
          heartbeat(consumer);
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
