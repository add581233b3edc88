package io.platestream.models.serving;

import io.platestream.schemas.ModelRef;

/**
 * A model held for one call: it stays open until the lease is closed, even if a newer version has
 * been swapped in meanwhile. Use with try-with-resources.
 */
public interface ModelLease<M> extends AutoCloseable {
  M model();

  /** The version that {@link #model()} is, for the records it produces. */
  ModelRef ref();

  @Override
  void close();
}
