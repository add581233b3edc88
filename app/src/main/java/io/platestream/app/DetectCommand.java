package io.platestream.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.platestream.detector.inference.ExecutionProvider;
import io.platestream.detector.inference.PlateVerifier;
import io.platestream.pipeline.DetectorStage;
import io.platestream.pipeline.OpenModels;
import io.platestream.pipeline.StageTopics;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.OperatorEndpoint;
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
      "Find plates in frames and publish rectified plate crops.",
      "Reads platestream.frames and writes platestream.plates, exactly once.",
      "Records that cannot be read go to platestream.frames.dlq."
    })
final class DetectCommand extends LongRunningCommand {
  @Mixin KafkaOptions kafka;
  @Mixin ModelOptions models;

  @Option(names = "--provider", description = "auto, cpu or cuda (default: ${DEFAULT-VALUE}).")
  String provider = "auto";

  @Option(
      names = "--threads",
      description =
          "ONNX Runtime intra-op threads per inference run; 0 = its default (all cores), or the"
              + " cores shared out among --workers.")
  int threads = 0;

  @Option(
      names = "--batch-frames",
      description =
          "Frames per batch, run through ONNX Runtime together (what a GPU wants); above 1 they"
              + " wait in a changelogged buffer. With --workers: the most frames in flight"
              + " (default: ${DEFAULT-VALUE}; with --workers, one per worker).")
  int batchFrames = 1;

  @Option(
      names = "--batch-wait-ms",
      description = "Longest wall-clock wait for a batch to fill (default: ${DEFAULT-VALUE}).")
  long batchWaitMs = 100;

  @Option(
      names = "--max-frame-age-ms",
      description =
          "Frames captured longer ago than this when their turn comes are shed (counted in"
              + " platestream.stage.shed), so events stay close to capture under overload;"
              + " 0 never sheds, for replays (default: ${DEFAULT-VALUE}).")
  long maxFrameAgeMs = DetectorStage.Settings.DEFAULT_MAX_FRAME_AGE.toMillis();

  @Option(
      names = "--plate-verifier",
      description =
          "Check each box's crop looks like a plate before it is cut and read: 'none', 'bundled'"
              + " (fitted on synthetic scenes; the demo's choice) or a file 'train verifier'"
              + " wrote (default: ${DEFAULT-VALUE}).")
  String plateVerifier = "none";

  @Option(
      names = "--workers",
      description =
          "Detect frames side by side on this many threads, each in an inference run of its own"
              + " and none waiting for a batch (what a CPU wants); 1: one run per batch (what a GPU"
              + " wants); 0: 2 on the CPU, 1 with CUDA (default: ${DEFAULT-VALUE}).")
  int workers = 0;

  @Mixin ShadowOptions shadowing;

  @Mixin OperatorOptions operator;

  @Mixin StreamsOptions streamsOptions;

  @Spec CommandSpec spec;

  @Override
  Integer execute() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    DetectorStage.Settings settings =
        new DetectorStage.Settings(
            ExecutionProvider.parse(provider),
            workers,
            batchFrames,
            batchWaitMs,
            threads,
            shadowing.share,
            Duration.ofMillis(maxFrameAgeMs),
            PlateVerifier.named(plateVerifier));
    PrometheusMeterRegistry meters = OperatorEndpoint.newRegistry();
    try (EmbeddedPlatform embedded = kafka.connect(out);
        SchemaRegistryClient registry = kafka.registryClient();
        OpenModels opened = models.open(kafka, registry);
        DetectorStage stage = DetectorStage.open(registry, opened, settings, meters)) {
      kafka.connection().ensureTopics(StageTopics.DETECT);
      out.println(stage.describe());
      return StreamsStageRunner.run(
          out,
          streamsOptions,
          "detect",
          stage.topology(),
          kafka,
          run,
          operator,
          9411,
          meters,
          stage::status);
    }
  }
}
