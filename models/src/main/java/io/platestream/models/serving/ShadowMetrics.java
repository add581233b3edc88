package io.platestream.models.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** How a shadow version compares with production, as meters tagged by model. */
public final class ShadowMetrics {
  private final Counter agreed;
  private final Counter disagreed;
  private final Counter failed;
  private final DistributionSummary agreement;
  private final DistributionSummary confidenceDelta;
  private final Timer inference;

  public ShadowMetrics(MeterRegistry meters, String modelName) {
    this.agreed = comparisons(meters, modelName, "true");
    this.disagreed = comparisons(meters, modelName, "false");
    this.failed =
        Counter.builder("platestream.shadow.failures")
            .description("Inputs on which the shadow version failed (production was not affected)")
            .tag("model", modelName)
            .register(meters);
    this.agreement =
        DistributionSummary.builder("platestream.shadow.agreement")
            .description("Agreement of shadow and production outputs per input, 0..1")
            .tag("model", modelName)
            .register(meters);
    this.confidenceDelta =
        DistributionSummary.builder("platestream.shadow.confidence.delta")
            .description("Shadow minus production confidence per input")
            .tag("model", modelName)
            .register(meters);
    this.inference =
        Timer.builder("platestream.shadow.inference")
            .description("Inference time of the shadow version")
            .tag("model", modelName)
            .register(meters);
  }

  private static Counter comparisons(MeterRegistry meters, String modelName, String agree) {
    return Counter.builder("platestream.shadow.comparisons")
        .description("Inputs run by both the shadow and the production version")
        .tag("model", modelName)
        .tag("agree", agree)
        .register(meters);
  }

  public void compared(boolean agree, double agreementScore, double delta, long shadowNanos) {
    (agree ? agreed : disagreed).increment();
    agreement.record(agreementScore);
    confidenceDelta.record(delta);
    inference.record(shadowNanos, TimeUnit.NANOSECONDS);
  }

  public void failed() {
    failed.increment();
  }
}
