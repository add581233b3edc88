package io.platestream.models.serving;

import io.platestream.schemas.ModelRef;

/** Where a stage gets the model for each call: a fixed one, or a {@link ModelHolder}. */
@FunctionalInterface
public interface ModelSource<M> {
  ModelLease<M> acquire();

  /** Tells the source that an inference with version {@code ref} worked (its breaker counts it). */
  default void succeeded(ModelRef ref) {}

  /**
   * Tells the source that an inference with version {@code ref} failed, for a reason that is not
   * the input's (a decodable input the model could not run on). Returns whether the source now
   * serves another version, after which the caller may run the same input once more on a new lease:
   * a breaker demoted the failing version.
   */
  default boolean failed(ModelRef ref, RuntimeException cause) {
    return false;
  }

  /**
   * Runs {@code work} on a leased model and reports how it went; when it fails and the source then
   * serves another version, runs it once more on that one. A second failure is thrown.
   */
  default <R> Served<R> serve(java.util.function.Function<M, R> work) {
    for (int attempt = 0; ; attempt++) {
      try (ModelLease<M> lease = acquire()) {
        ModelRef ref = lease.ref();
        try {
          R result = work.apply(lease.model());
          succeeded(ref);
          return new Served<>(result, ref);
        } catch (RuntimeException e) {
          if (!failed(ref, e) || attempt > 0) {
            throw e;
          }
        }
      }
    }
  }

  /** What a model produced, and which version it was. */
  record Served<R>(R value, ModelRef ref) {}

  /** A view of each model (for example one part of what the holder keeps together). */
  default <N> ModelSource<N> map(java.util.function.Function<M, N> view) {
    ModelSource<M> whole = this;
    return new ModelSource<>() {
      @Override
      public void succeeded(ModelRef ref) {
        whole.succeeded(ref);
      }

      @Override
      public boolean failed(ModelRef ref, RuntimeException cause) {
        return whole.failed(ref, cause);
      }

      @Override
      public ModelLease<N> acquire() {
        ModelLease<M> lease = whole.acquire();
        N part = view.apply(lease.model());
        return new ModelLease<>() {
          @Override
          public N model() {
            return part;
          }

          @Override
          public ModelRef ref() {
            return lease.ref();
          }

          @Override
          public void close() {
            lease.close();
          }
        };
      }
    };
  }

  /** Always the same model (tests, benchmarks, a stage run without the registry). */
  static <M> ModelSource<M> fixed(M model, ModelRef ref) {
    ModelLease<M> lease =
        new ModelLease<>() {
          @Override
          public M model() {
            return model;
          }

          @Override
          public ModelRef ref() {
            return ref;
          }

          @Override
          public void close() {}
        };
    return () -> lease;
  }
}
