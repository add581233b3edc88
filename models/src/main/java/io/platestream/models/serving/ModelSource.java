package io.platestream.models.serving;

import io.platestream.schemas.ModelRef;

/** Where a stage gets the model for each call: a fixed one, or a {@link ModelHolder}. */
@FunctionalInterface
public interface ModelSource<M> {
  ModelLease<M> acquire();

  /** A view of each model (for example one part of what the holder keeps together). */
  default <N> ModelSource<N> map(java.util.function.Function<M, N> view) {
    return () -> {
      ModelLease<M> lease = acquire();
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
