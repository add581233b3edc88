package io.platestream.training;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;

/**
 * Prepares the batches of a training plan on worker threads, in order, a few steps ahead of the
 * trainer, so that loading and augmenting never stall a step. Batch {@code i} draws its randomness
 * from a random seeded by the run's seed and {@code i} alone: the result does not depend on which
 * worker made it or when.
 */
final class BatchPrefetcher<S, B> implements AutoCloseable {
  private final List<List<S>> plan;
  private final BiFunction<List<S>, Random, B> prepare;
  private final long seed;
  private final int ahead;
  private final ExecutorService workers;
  private final Deque<Future<B>> pending = new ArrayDeque<>();
  private int nextToSubmit;

  BatchPrefetcher(
      List<List<S>> plan, BiFunction<List<S>, Random, B> prepare, long seed, int workers) {
    this.plan = plan;
    this.prepare = prepare;
    this.seed = seed;
    this.ahead = 2 * workers;
    this.workers =
        Executors.newFixedThreadPool(
            workers,
            task -> {
              Thread thread = new Thread(task, "platestream-batch-loader");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts at batch {@code first} (a resumed run); call before {@link #next()}. */
  void skip(int first) {
    if (!pending.isEmpty() || nextToSubmit != 0) {
      throw new IllegalStateException("skip before the first batch only");
    }
    nextToSubmit = first;
  }

  /** The next batch, waiting for it if its worker is not done. */
  B next() {
    while (pending.size() < ahead && nextToSubmit < plan.size()) {
      int index = nextToSubmit++;
      pending.add(workers.submit(() -> prepare.apply(plan.get(index), random(index))));
    }
    Future<B> head = pending.poll();
    if (head == null) {
      throw new IllegalStateException("the plan has no more batches");
    }
    try {
      return head.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a batch", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("cannot prepare a batch: " + cause.getMessage(), cause);
    }
  }

  private Random random(int index) {
    return new Random(seed * 1_000_003L + index);
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
