package io.platestream.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.platestream.models.serving.ModelFollower;
import io.platestream.models.serving.ModelStatusPage;
import io.platestream.models.serving.ShadowFollower;
import io.platestream.recognizer.inference.PlateGrammar;
import io.platestream.recognizer.serving.ServedRecognizer;
import io.platestream.recognizer.stage.CropReader;
import io.platestream.recognizer.stage.PassTracker;
import io.platestream.recognizer.stage.RecognizerMetrics;
import io.platestream.recognizer.stage.RecognizerTopology;
import io.platestream.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.Topology;

/**
 * The recognizer stage's parts: the registry's production recognizer (followed and swapped in
 * without a restart), its shadow version, and the topology that reads crops and groups the reads
 * into vehicle passes. Closing closes the models.
 */
public final class RecognizerStage implements AutoCloseable {

  /**
   * What an operator chooses for the recognizer stage.
   *
   * @param grammar what a plate may read as (the beam decoder's constraint and the plate filter)
   * @param threads ONNX Runtime intra-op threads; 0: its default
   * @param shadowShare share of crops also run through the registry's shadow version
   * @param maxCropAge crops whose frame was captured longer ago than this when their turn comes are
   *     shed, so the stage stays close to the cameras under overload; zero never sheds
   */
  public record Settings(
      PlateGrammar grammar,
      PassTracker.Settings tracking,
      int threads,
      double shadowShare,
      Duration maxCropAge) {

    /** Older crops are shed by default: events stay within seconds of capture. */
    public static final Duration DEFAULT_MAX_CROP_AGE = Duration.ofMillis(2500);

    /** The same, with {@code shadowShare} of the inputs run through a shadow version. */
    public Settings withShadowShare(double shadowShare) {
      return new Settings(grammar, tracking, threads, shadowShare, maxCropAge);
    }

    /** Mainland Chinese plates, default pass tracking, no shadow: what the demo runs. */
    public static Settings defaults() {
      return new Settings(
          PlateGrammar.chineseMainland(),
          PassTracker.Settings.defaults(),
          0,
          0,
          DEFAULT_MAX_CROP_AGE);
    }
  }

  private final ModelFollower<ServedRecognizer> recognizer;
  private final ShadowFollower<CropReader> shadow;
  private final RecognizerTopology.Spec spec;

  private RecognizerStage(
      ModelFollower<ServedRecognizer> recognizer,
      ShadowFollower<CropReader> shadow,
      RecognizerTopology.Spec spec) {
    this.recognizer = recognizer;
    this.shadow = shadow;
    this.spec = spec;
  }

  /** Loads the production (and shadow) recognizer and plans the stage. */
  public static RecognizerStage open(
      SchemaRegistryClient registry, OpenModels models, Settings settings, MeterRegistry meters) {
    PlateGrammar grammar = settings.grammar();
    ModelFollower<ServedRecognizer> recognizer =
        ServedRecognizer.follow(
            models.registry(), models.store(), grammar, settings.threads(), meters);
    try {
      ShadowFollower<CropReader> shadow =
          ServedRecognizer.shadow(
              models.registry(),
              models.store(),
              grammar,
              settings.threads(),
              settings.shadowShare(),
              meters);
      RecognizerTopology.Spec spec =
          RecognizerTopology.Spec.of(
                  registry, recognizer.holder().map(ServedRecognizer::reader), grammar::accepts)
              .withShadow(shadow.shadow())
              .withTracking(settings.tracking())
              .withMetrics(new RecognizerMetrics(meters, settings.maxCropAge()));
      return new RecognizerStage(recognizer, shadow, spec);
    } catch (RuntimeException e) {
      recognizer.close();
      throw e;
    }
  }

  public Topology topology() {
    return RecognizerTopology.build(spec);
  }

  /** One line for the console: the version serving. */
  public String describe() {
    return String.format(
        "recognizer: %s version %d; new production versions are swapped in as they appear",
        recognizer.holder().current().getName(), recognizer.holder().current().getVersion());
  }

  /** The stage's status page: the models, and how far behind capture the stage runs. */
  public Map<String, Object> status() {
    Map<String, Object> status =
        new LinkedHashMap<>(ModelStatusPage.of(recognizer, shadow.follower()));
    status.put("lag", spec.metrics().lag().status(System.currentTimeMillis()));
    return status;
  }

  @Override
  public void close() {
    try (recognizer) {
      shadow.close();
    }
  }
}
