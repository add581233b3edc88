package io.platestream.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.platestream.pipeline.OpenModels;
import io.platestream.pipeline.RecognizerStage;
import io.platestream.pipeline.StageTopics;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.recognizer.inference.PlateGrammar;
import io.platestream.recognizer.stage.PassTracker;
import io.platestream.schemas.registry.SchemaRegistryClient;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The recognizer stage: plate crops to plate reads and one event per vehicle pass. */
@Command(
    name = "recognize",
    description = {
      "Read plate crops into text and one event per vehicle pass.",
      "Reads platestream.plates, writes platestream.reads and platestream.events, exactly",
      "once. Records that cannot be read go to platestream.plates.dlq."
    })
final class RecognizeCommand extends LongRunningCommand {
  @Mixin KafkaOptions kafka;
  @Mixin ModelOptions models;
  @Mixin ShadowOptions shadowing;

  @Mixin OperatorOptions operator;

  @Mixin StreamsOptions streamsOptions;

  @Option(
      names = "--grammar",
      description = "Plate grammar: chinese or generic (default: ${DEFAULT-VALUE}).")
  String grammar = "chinese";

  @Option(
      names = "--pass-gap-ms",
      description =
          "Longest gap between reads of one pass, in stream time (default: ${DEFAULT-VALUE}).")
  long passGapMs = PassTracker.Settings.defaults().maxGapMs();

  @Option(
      names = "--max-edit-distance",
      description = "Reads this close to a pass's plate join it (default: ${DEFAULT-VALUE}).")
  int maxEditDistance = PassTracker.Settings.defaults().maxEditDistance();

  @Option(
      names = "--idle-timeout-ms",
      description = "A pass closes after this long without reads (default: ${DEFAULT-VALUE}).")
  long idleTimeoutMs = PassTracker.Settings.defaults().idleTimeoutMs();

  @Option(
      names = "--emit-invalid-passes",
      description = "Also emit events for passes without one read the grammar accepts.")
  boolean emitInvalidPasses;

  @Option(
      names = "--min-reads",
      description =
          "Reads a pass needs to become an event; a pass read fewer times is counted in"
              + " platestream.recognizer.passes.discarded (default: ${DEFAULT-VALUE}).")
  int minReads = PassTracker.Settings.DEFAULT_MIN_READS;

  @Option(
      names = "--early-event-reads",
      description =
          "Reads a pass still in view needs before its provisional event leaves (alerts do not"
              + " wait for the car to go); its final event follows with the same id when the pass"
              + " closes. 0: final events only (default: ${DEFAULT-VALUE}).")
  int earlyEventReads = PassTracker.EarlyEvents.DEFAULT_MIN_READS;

  @Option(
      names = "--early-event-confidence",
      description =
          "Confidence (0..1) the voted, grammar-valid plate of a pass needs for its early event"
              + " (default: ${DEFAULT-VALUE}).")
  float earlyEventConfidence = PassTracker.EarlyEvents.DEFAULT_MIN_CONFIDENCE;

  @Option(
      names = "--max-pass-reads",
      description =
          "Reads a pass keeps for its vote, its strongest ones; its read count and times cover"
              + " every read (default: ${DEFAULT-VALUE}).")
  int maxPassReads = PassTracker.Bounds.DEFAULT_MAX_READS;

  @Option(
      names = "--max-pass-ms",
      description =
          "Longest pass in capture time: a car parked in view gets one event per this span"
              + " (default: ${DEFAULT-VALUE}).")
  long maxPassMs = PassTracker.Bounds.DEFAULT_MAX_PASS_MS;

  @Option(
      names = "--max-open-passes",
      description =
          "Passes open at once per camera; past it the one seen longest ago closes"
              + " (default: ${DEFAULT-VALUE}).")
  int maxOpenPasses = PassTracker.Bounds.DEFAULT_MAX_OPEN_PASSES;

  @Option(
      names = "--max-crop-age-ms",
      description =
          "Crops whose frame was captured longer ago than this when their turn comes are shed"
              + " (counted in platestream.stage.shed), so events stay close to capture under"
              + " overload; 0 never sheds, for replays (default: ${DEFAULT-VALUE}).")
  long maxCropAgeMs = RecognizerStage.Settings.DEFAULT_MAX_CROP_AGE.toMillis();

  @Option(names = "--threads", description = "ONNX Runtime intra-op threads, 0 = its default.")
  int threads = 0;

  @Spec CommandSpec spec;

  @Override
  Integer execute() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    RecognizerStage.Settings settings =
        new RecognizerStage.Settings(
            grammar(grammar),
            new PassTracker.Settings(
                    passGapMs, maxEditDistance, idleTimeoutMs, emitInvalidPasses, minReads)
                .withEarlyEvents(new PassTracker.EarlyEvents(earlyEventReads, earlyEventConfidence))
                .withBounds(new PassTracker.Bounds(maxPassReads, maxPassMs, maxOpenPasses)),
            threads,
            shadowing.share,
            Duration.ofMillis(maxCropAgeMs));
    PrometheusMeterRegistry meters = OperatorEndpoint.newRegistry();
    try (EmbeddedPlatform embedded = kafka.connect(out);
        SchemaRegistryClient registry = kafka.registryClient();
        OpenModels opened = models.open(kafka, registry);
        RecognizerStage stage = RecognizerStage.open(registry, opened, settings, meters)) {
      kafka.connection().ensureTopics(StageTopics.RECOGNIZE);
      out.println(stage.describe());
      return StreamsStageRunner.run(
          out,
          streamsOptions,
          "recognize",
          stage.topology(),
          kafka,
          run,
          operator,
          9412,
          meters,
          stage::status);
    }
  }

  private static PlateGrammar grammar(String name) {
    return switch (name) {
      case "chinese" -> PlateGrammar.chineseMainland();
      case "generic" -> PlateGrammar.genericAlphanumeric();
      default ->
          throw new IllegalArgumentException("--grammar must be chinese or generic, got " + name);
    };
  }
}
