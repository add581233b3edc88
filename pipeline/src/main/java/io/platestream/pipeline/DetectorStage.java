package io.platestream.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.platestream.detector.inference.ExecutionProvider;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.detector.inference.PlateVerifier;
import io.platestream.detector.serving.ServedDetector;
import io.platestream.detector.stage.Batching;
import io.platestream.detector.stage.DetectorMetrics;
import io.platestream.detector.stage.DetectorTopology;
import io.platestream.detector.stage.DetectorWorkers;
import io.platestream.models.serving.ModelFollower;
import io.platestream.models.serving.ModelStatusPage;
import io.platestream.models.serving.ShadowFollower;
import io.platestream.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.Topology;

/**
 * The detector stage's parts: the registry's production detector (followed and swapped in without a
 * restart), its shadow version, and the topology that runs them. Closing closes the models.
 */
public final class DetectorStage implements AutoCloseable {

  /**
   * What an operator chooses for the detector stage; 0 means "choose for this hardware".
   *
   * @param workers side-by-side workers; 0: 2 on the CPU, 1 with CUDA
   * @param batchFrames frames per inference run with one worker, or most in flight with more
   * @param threads ONNX Runtime intra-op threads per run; 0: the cores shared among the workers
   * @param shadowShare share of frames also run through the registry's shadow version
   * @param maxFrameAge frames captured longer ago than this when their turn comes are shed, so the
   *     stage stays close to the cameras under overload; zero never sheds
   * @param verifier the plate verifier the detector's boxes pass through
   */
  public record Settings(
      ExecutionProvider provider,
      int workers,
      int batchFrames,
      long batchWaitMs,
      int threads,
      double shadowShare,
      Duration maxFrameAge,
      PlateVerifier verifier) {

    /** Older frames are shed by default: events stay within seconds of capture. */
    public static final Duration DEFAULT_MAX_FRAME_AGE = Duration.ofSeconds(2);

    /** Checks the numbers together, so a bad combination is refused before anything starts. */
    public Settings {
      DetectorWorkers.batching(
          batchFrames, batchWaitMs, DetectorWorkers.workers(workers, provider));
    }

    /** The workers that run: those asked for, or the hardware's choice for 0. */
    public int workerCount() {
      return DetectorWorkers.workers(workers, provider);
    }

    public Batching batching() {
      return DetectorWorkers.batching(batchFrames, batchWaitMs, workerCount());
    }

    /** ONNX Runtime's threads per run: those asked for, or the cores shared among the workers. */
    public int intraOpThreads() {
      return DetectorWorkers.intraOpThreads(threads, workerCount());
    }

    /** The same, with {@code shadowShare} of the inputs run through a shadow version. */
    public Settings withShadowShare(double shadowShare) {
      return new Settings(
          provider, workers, batchFrames, batchWaitMs, threads, shadowShare, maxFrameAge, verifier);
    }

    /**
     * One frame per run on whatever provider is there, no shadow, and the bundled plate verifier,
     * fitted on the same synthetic scenes the demo's sample clip shows: what the demo runs.
     */
    public static Settings defaults() {
      return new Settings(
          ExecutionProvider.AUTO, 1, 1, 100, 0, 0, DEFAULT_MAX_FRAME_AGE, PlateVerifier.bundled());
    }
  }

  private final ModelFollower<ServedDetector> detector;
  private final ShadowFollower<PlateDetector> shadow;
  private final DetectorTopology.Spec spec;
  private final ExecutionProvider provider;

  private DetectorStage(
      ModelFollower<ServedDetector> detector,
      ShadowFollower<PlateDetector> shadow,
      DetectorTopology.Spec spec,
      ExecutionProvider provider) {
    this.detector = detector;
    this.shadow = shadow;
    this.spec = spec;
    this.provider = provider;
  }

  /** Loads the production (and shadow) detector and plans the stage. */
  public static DetectorStage open(
      SchemaRegistryClient registry, OpenModels models, Settings settings, MeterRegistry meters) {
    Batching batching = settings.batching();
    int threads = settings.intraOpThreads();
    ModelFollower<ServedDetector> detector =
        ServedDetector.follow(
            models.registry(),
            models.store(),
            settings.provider(),
            threads,
            settings.verifier(),
            meters);
    try {
      ShadowFollower<PlateDetector> shadow =
          ServedDetector.shadow(
              models.registry(),
              models.store(),
              settings.provider(),
              threads,
              settings.verifier(),
              settings.shadowShare(),
              meters);
      DetectorTopology.Spec spec =
          DetectorTopology.Spec.of(registry, detector.holder().map(ServedDetector::detector))
              .withShadow(shadow.shadow())
              .withMetrics(new DetectorMetrics(meters, settings.maxFrameAge()))
              .withBatching(batching);
      return new DetectorStage(detector, shadow, spec, settings.provider());
    } catch (RuntimeException e) {
      detector.close();
      throw e;
    }
  }

  public Topology topology() {
    return DetectorTopology.build(spec);
  }

  /** One line for the console: the version serving and how frames run through it. */
  public String describe() {
    Batching batching = spec.batching();
    return String.format(
        "detector: %s version %d on %s, %s; new production versions are swapped in as they"
            + " appear",
        detector.holder().current().getName(),
        detector.holder().current().getVersion(),
        provider,
        batching.sideBySide()
            ? String.format(
                "%d workers side by side (%d frames in flight at most)",
                batching.workers(), batching.maxFrames())
            : String.format("%d frame(s) per inference run", batching.maxFrames()));
  }

  /** The stage's status page: the models, and how far behind capture the stage runs. */
  public Map<String, Object> status() {
    Map<String, Object> status =
        new LinkedHashMap<>(ModelStatusPage.of(detector, shadow.follower()));
    status.put("lag", spec.metrics().lag().status(System.currentTimeMillis()));
    return status;
  }

  @Override
  public void close() {
    try (detector) {
      shadow.close();
    }
  }
}
