package io.platestream.recognizer.stage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.platestream.platform.CaptureLag;
import io.platestream.platform.OutcomeLedger;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The recognizer stage's meters (Prometheus names: {@code platestream_recognizer_...}). */
public final class RecognizerMetrics {
  private final Counter validReads;
  private final Counter invalidReads;
  private final Counter events;
  private final Counter earlyEvents;
  private final Timer earlyEventDelay;
  private final Counter deadLetters;
  private final Counter passesDiscarded;
  private final Timer inference;

  private final CaptureLag lag;
  private final OutcomeLedger.Meters ledger;

  /** Meters that never shed a crop for its age. */
  public RecognizerMetrics(MeterRegistry registry) {
    this(registry, Duration.ZERO);
  }

  /**
   * @param maxCropAge crops whose frame was captured longer ago than this when their turn comes are
   *     shed (zero: never)
   */
  public RecognizerMetrics(MeterRegistry registry, Duration maxCropAge) {
    lag = new CaptureLag("recognize", maxCropAge, registry);
    ledger = new OutcomeLedger.Meters("recognizer", registry);
    validReads = reads(registry, "true");
    invalidReads = reads(registry, "false");
    events =
        Counter.builder("platestream.recognizer.events")
            .description("Vehicle-pass events emitted")
            .register(registry);
    earlyEvents =
        Counter.builder("platestream.recognizer.events.early")
            .description("Provisional events sent while their pass was still in view")
            .register(registry);
    earlyEventDelay =
        Timer.builder("platestream.recognizer.events.early.delay")
            .description("From the capture of the read that made a pass sure to its early event")
            .publishPercentiles(0.5, 0.95, 0.99)
            .register(registry);
    deadLetters =
        Counter.builder("platestream.recognizer.dead.letters")
            .description("Plate detections sent to the dead-letter topic")
            .register(registry);
    passesDiscarded =
        Counter.builder("platestream.recognizer.passes.discarded")
            .description(
                "Passes closed without an event: no read the plate grammar accepted, or fewer"
                    + " reads than the minimum")
            .register(registry);
    inference =
        Timer.builder("platestream.recognizer.inference")
            .description("Recognition time per crop: pre-processing, ONNX Runtime, decoding")
            .register(registry);
  }

  /** Meters nobody reads (tests, benchmarks). */
  public static RecognizerMetrics discarding() {
    return new RecognizerMetrics(new SimpleMeterRegistry());
  }

  /** How far behind capture the stage runs, and what it sheds. */
  public CaptureLag lag() {
    return lag;
  }

  void earlyEvent(long delayMs) {
    earlyEvents.increment();
    earlyEventDelay.record(Math.max(0, delayMs), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  void read(boolean valid) {
    (valid ? validReads : invalidReads).increment();
  }

  void event() {
    events.increment();
  }

  void passDiscarded() {
    passesDiscarded.increment();
  }

  void deadLetter() {
    deadLetters.increment();
  }

  void inferenceNanos(long nanos) {
    inference.record(nanos, TimeUnit.NANOSECONDS);
  }

  private static Counter reads(MeterRegistry registry, String valid) {
    return Counter.builder("platestream.recognizer.reads")
        .description("Plate crops read, by whether the grammar accepted the plate")
        .tag("valid", valid)
        .register(registry);
  }

  /** The ledger's meters: how each camera's plate detections and passes ended. */
  OutcomeLedger.Meters ledger() {
    return ledger;
  }
}
