package io.platestream.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.platestream.models.serving.ModelFollower;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.recognizer.inference.PlateGrammar;
import io.platestream.recognizer.stage.CropReader;
import io.platestream.recognizer.stage.PassTracker;
import io.platestream.recognizer.stage.RecognizerMetrics;
import io.platestream.recognizer.stage.RecognizerTopology;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.RestSchemaRegistryClient;
import io.platestream.schemas.registry.SchemaRegistryClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The recogniser stage: plate crops to plate reads and one event per vehicle pass. */
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

  @Option(names = "--threads", description = "ONNX Runtime intra-op threads, 0 = its default.")
  int threads = 0;

  @Spec CommandSpec spec;

  @Override
  Integer execute() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PlateGrammar plates = grammar(grammar);
    PrometheusMeterRegistry meters = OperatorEndpoint.newRegistry();
    try (EmbeddedPlatform embedded = kafka.connect(out);
        SchemaRegistryClient registry = new RestSchemaRegistryClient(kafka.schemaRegistry);
        ModelOptions.OpenModels opened = models.open(kafka, registry);
        ModelFollower<ServedModels.Recognizer> recognizer =
            ServedModels.recognizer(opened.registry(), opened.store(), plates, threads, meters);
        ServedModels.Shadowed<CropReader> shadow =
            ServedModels.recognizerShadow(
                opened.registry(), opened.store(), plates, threads, shadowing.share, meters)) {
      kafka.ensureTopics(
          Topics.PLATES,
          Topics.READS,
          Topics.EVENTS,
          Topics.deadLetter(Topics.PLATES),
          Topics.SHADOW);
      out.printf(
          "recognizer: %s version %d; new production versions are swapped in as they appear%n",
          recognizer.holder().current().getName(), recognizer.holder().current().getVersion());
      return StreamsStageRunner.run(
          out,
          "recognize",
          RecognizerTopology.build(
              registry,
              recognizer.holder().map(ServedModels.Recognizer::reader),
              shadow.shadow(),
              plates::accepts,
              new PassTracker.Settings(
                  passGapMs, maxEditDistance, idleTimeoutMs, emitInvalidPasses, minReads),
              new RecognizerMetrics(meters),
              RecognizerTopology.TopicNames.defaults()),
          kafka,
          run,
          9412,
          meters,
          () -> ModelStatusPage.of(recognizer, shadow.follower()));
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
