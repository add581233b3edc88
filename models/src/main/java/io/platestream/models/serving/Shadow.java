package io.platestream.models.serving;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.ShadowComparison;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * A stage's shadow run: the shadow version (a lease holds {@code null} while there is none), the
 * share of inputs it runs on, its meters, and the topic its comparisons go to.
 */
public record Shadow<M>(
    ModelSource<M> models, ShadowShare share, ShadowMetrics metrics, String topic) {

  /** No shadow run: the stage writes no comparisons and needs no shadow topic. */
  public static <M> Shadow<M> none() {
    return new Shadow<>(
        ModelSource.fixed(null, null),
        new ShadowShare(0),
        new ShadowMetrics(new SimpleMeterRegistry(), "none"),
        null);
  }

  public boolean enabled() {
    return topic != null && share.share() > 0;
  }

  /** Builds the comparison of the shadow's output with production's. */
  @FunctionalInterface
  public interface Comparison<R> {
    ShadowComparison of(R shadowOutput, ModelRef shadowRef, long shadowNanos);
  }

  /**
   * Runs the shadow version, if there is one, and compares its output with production's; the meters
   * record the comparison. A shadow failure is counted and logged, and gives nothing: it must never
   * reach production's output.
   *
   * @param input names the input in the log line of a failure
   */
  public <R> Optional<ShadowComparison> run(
      String input, Function<M, R> inference, Comparison<R> comparison) {
    try (ModelLease<M> lease = models.acquire()) {
      if (lease.model() == null) {
        return Optional.empty(); // no shadow version at the moment
      }
      long started = System.nanoTime();
      R output = inference.apply(lease.model());
      long took = System.nanoTime() - started;
      ShadowComparison compared = comparison.of(output, lease.ref(), took);
      metrics.compared(
          compared.getAgree(), compared.getAgreement(), compared.getConfidenceDelta(), took);
      return Optional.of(compared);
    } catch (RuntimeException e) {
      metrics.failed();
      LoggerFactory.getLogger(Shadow.class)
          .warn("shadow version failed on {}: {}", input, e.toString());
      return Optional.empty();
    }
  }
}
