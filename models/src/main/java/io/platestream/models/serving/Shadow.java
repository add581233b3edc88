package io.platestream.models.serving;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

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
}
