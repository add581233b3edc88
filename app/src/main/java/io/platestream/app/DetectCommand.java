package io.platestream.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.platestream.detector.inference.ExecutionProvider;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.detector.stage.Batching;
import io.platestream.detector.stage.DetectorMetrics;
import io.platestream.detector.stage.DetectorTopology;
import io.platestream.models.serving.ModelFollower;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.RestSchemaRegistryClient;
import io.platestream.schemas.registry.SchemaRegistryClient;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The detector stage: frames to rectified plate crops. */
@Command(
    name = "detect",
    description = {
      "Find plates in frames (platestream.frames) and publish rectified crops to platestream.plates;",
      "exactly-once. Poison goes to platestream.frames.dlq."
    })
final class DetectCommand extends LongRunningCommand {
  @Mixin KafkaOptions kafka;
  @Mixin ModelOptions models;

  @Option(names = "--provider", description = "auto, cpu or cuda (default: ${DEFAULT-VALUE}).")
  String provider = "auto";

  @Option(names = "--threads", description = "ONNX Runtime intra-op threads, 0 = its default.")
  int threads = 0;

  @Option(
      names = "--batch-frames",
      description =
          "Frames per inference run; above 1 they wait in a changelogged buffer (default:"
              + " ${DEFAULT-VALUE}: batching gains nothing on a few CPU cores, it is for GPUs).")
  int batchFrames = 1;

  @Option(
      names = "--batch-wait-ms",
      description = "Longest wall-clock wait for a batch to fill (default: ${DEFAULT-VALUE}).")
  long batchWaitMs = 100;

  @Mixin ShadowOptions shadowing;

  @Spec CommandSpec spec;

  @Override
  Integer execute() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ExecutionProvider executionProvider = ExecutionProvider.parse(provider);
    Batching batching = new Batching(batchFrames, Duration.ofMillis(batchWaitMs));
    PrometheusMeterRegistry meters = OperatorEndpoint.newRegistry();
    try (EmbeddedPlatform embedded = kafka.connect(out);
        SchemaRegistryClient registry = new RestSchemaRegistryClient(kafka.schemaRegistry);
        ModelOptions.OpenModels opened = models.open(kafka, registry);
        ModelFollower<ServedModels.Detector> detector =
            ServedModels.detector(
                opened.registry(), opened.store(), executionProvider, threads, meters);
        ServedModels.Shadowed<PlateDetector> shadow =
            ServedModels.detectorShadow(
                opened.registry(),
                opened.store(),
                executionProvider,
                threads,
                shadowing.share,
                meters)) {
      kafka.ensureTopics(
          Topics.FRAMES, Topics.PLATES, Topics.deadLetter(Topics.FRAMES), Topics.SHADOW);
      out.printf(
          "detector: %s version %d on %s; new production versions are swapped in as they appear%n",
          detector.holder().current().getName(),
          detector.holder().current().getVersion(),
          executionProvider);
      return StreamsStageRunner.run(
          out,
          "detect",
          DetectorTopology.build(
              registry,
              detector.holder().map(ServedModels.Detector::detector),
              shadow.shadow(),
              new DetectorMetrics(meters),
              batching,
              Topics.FRAMES,
              Topics.PLATES),
          kafka,
          run,
          9411,
          meters,
          () -> ModelStatusPage.of(detector, shadow.follower()));
    }
  }
}
