package io.platestream.models.serving;

import io.micrometer.core.instrument.MeterRegistry;
import io.platestream.models.artifact.ArtifactStore;
import io.platestream.models.registry.ModelRegistry;
import io.platestream.schemas.Topics;
import java.time.Duration;
import java.util.function.Function;

/**
 * A stage's shadow run and the follower that keeps its version current; closing stops both.
 *
 * @param <M> what the stage runs of a served version (its detector, its crop reader)
 */
public record ShadowFollower<M>(ModelFollower<?> follower, Shadow<M> shadow)
    implements AutoCloseable {

  /**
   * Follows the shadow version of {@code name} and runs it on {@code share} of the stage's inputs,
   * through the part of each served version that {@code view} picks.
   */
  public static <S extends AutoCloseable, M> ShadowFollower<M> start(
      String name,
      ModelRegistry registry,
      ArtifactStore store,
      ModelFollower.Loader<S> loader,
      SignatureCheck check,
      Function<S, M> view,
      double share,
      Duration interval,
      MeterRegistry meters) {
    ModelFollower<S> follower =
        ModelFollower.shadow(
            name, registry, store, loader, check, ShadowFollower::closeQuietly, interval, meters);
    return new ShadowFollower<>(
        follower,
        new Shadow<>(
            follower.holder().map(served -> served == null ? null : view.apply(served)),
            new ShadowShare(share),
            new ShadowMetrics(meters, name),
            Topics.SHADOW));
  }

  /** Closes a served version the follower retires; what cannot close is reported as such. */
  static void closeQuietly(AutoCloseable served) {
    try {
      served.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot close a retired model version", e);
    }
  }

  @Override
  public void close() {
    follower.close();
  }
}
