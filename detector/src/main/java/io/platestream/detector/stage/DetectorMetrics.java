package io.platestream.detector.stage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.platestream.platform.CaptureLag;
import io.platestream.platform.OutcomeLedger;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The detector stage's meters (Prometheus names: {@code platestream_detector_...}). */
public final class DetectorMetrics {
  private final Counter frames;
  private final Counter plates;
  private final Counter deadLetters;
  private final Timer inference;
  private final Timer frameLatency;
  private final DistributionSummary batchSize;

  private final CaptureLag lag;
  private final OutcomeLedger.Meters ledger;

  /** Meters that never shed a frame for its age. */
  public DetectorMetrics(MeterRegistry registry) {
    this(registry, Duration.ZERO);
  }

  /**
   * @param maxFrameAge frames older than this when their turn comes are shed (zero: never)
   */
  public DetectorMetrics(MeterRegistry registry, Duration maxFrameAge) {
    lag = new CaptureLag("detect", maxFrameAge, registry);
    ledger = new OutcomeLedger.Meters("detector", registry);
    frames =
        Counter.builder("platestream.detector.frames")
            .description("Frames processed")
            .register(registry);
    plates =
        Counter.builder("platestream.detector.plates")
            .description("Plate detections published")
            .register(registry);
    deadLetters =
        Counter.builder("platestream.detector.dead.letters")
            .description("Frames sent to the dead-letter topic")
            .register(registry);
    inference =
        Timer.builder("platestream.detector.inference")
            .description(
                "Detection time per inference run (a batch, or one frame with side-by-side"
                    + " workers): pre-processing, ONNX Runtime, post-processing, crops")
            .register(registry);
    frameLatency =
        Timer.builder("platestream.detector.frame.latency")
            .description(
                "From a frame's arrival in the stage to its detections leaving it, waiting for a"
                    + " batch or a worker included")
            .publishPercentiles(0.5, 0.99)
            .percentilePrecision(2)
            .register(registry);
    batchSize =
        DistributionSummary.builder("platestream.detector.batch.size")
            .description("Frames per inference run")
            .register(registry);
  }

  /** Meters nobody reads (tests, benchmarks). */
  public static DetectorMetrics discarding() {
    return new DetectorMetrics(new SimpleMeterRegistry());
  }

  /** How far behind capture the stage runs, and what it sheds. */
  public CaptureLag lag() {
    return lag;
  }

  void detected(int frameCount, int plateCount, long nanos) {
    frames.increment(frameCount);
    plates.increment(plateCount);
    batchSize.record(frameCount);
    inference.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A detected frame's detections leave the stage. */
  void forwarded(ReadFrame frame) {
    frameLatency.record(frame.nanosInStage(), TimeUnit.NANOSECONDS);
  }

  void deadLetter() {
    frames.increment();
    deadLetters.increment();
  }

  /** The frame ledger's meters: how each camera's frames ended. */
  OutcomeLedger.Meters ledger() {
    return ledger;
  }
}
