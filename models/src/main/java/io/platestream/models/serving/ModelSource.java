package io.platestream.models.serving;

import io.platestream.schemas.ModelRef;

/** Where a stage gets the model for each call: a fixed one, or a {@link ModelHolder}. */
@FunctionalInterface
public interface ModelSource<M> {
  ModelLease<M> acquire();

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
