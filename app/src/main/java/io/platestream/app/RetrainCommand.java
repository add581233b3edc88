package io.platestream.app;

import io.platestream.models.registry.PretrainedModels;
import io.platestream.pipeline.OpenModels;
import io.platestream.pipeline.PlateLabelCount;
import io.platestream.pipeline.RetrainLoop;
import io.platestream.pipeline.ShadowTally;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The labels loop, opt-in: retrain on operators' labels, judge in shadow, promote or retire. */
@Command(
    name = "retrain",
    description = {
      "Retrain the recognizer whenever operators add enough labels.",
      "Every --check-every seconds it counts the plate labels on platestream.labels. Once",
      "--every-labels new ones came, a round runs 'train rec --labels --publish' from",
      "production; a candidate the quality gate passes runs in shadow until the stages",
      "compared it on --shadow-inputs live crops, then is promoted if it agreed with",
      "production on at least --min-agreement of them, else retired. --once checks once."
    })
final class RetrainCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Mixin ModelOptions models;

  @Option(
      names = "--data",
      required = true,
      description = "PaddleOCR recognition data each round mixes with the labels (rec_labels.txt).")
  Path data;

  @Option(
      names = "--every-labels",
      description = "New plate labels that start a round (default: ${DEFAULT-VALUE}).")
  int everyLabels = 100;

  @Option(
      names = "--check-every",
      description = "Seconds between checks (default: ${DEFAULT-VALUE}).")
  int checkSeconds = 300;

  @Option(
      names = "--shadow-inputs",
      description =
          "Live crops a candidate is compared on in shadow before it is judged; 0 promotes on the"
              + " quality gate alone (default: ${DEFAULT-VALUE}).")
  int shadowInputs = 200;

  @Option(
      names = "--min-agreement",
      description =
          "Share of those on which it must read what production reads (default:"
              + " ${DEFAULT-VALUE}): a sanity floor, since a better model differs where"
              + " production misreads.")
  double minAgreement = 0.8;

  @Option(
      names = "--shadow-timeout-hours",
      description =
          "Hours to wait for the live crops; then the candidate is left in shadow for an operator"
              + " (default: ${DEFAULT-VALUE}).")
  double shadowTimeoutHours = 24;

  @Option(
      names = "--train-option",
      description =
          "A further option for each round's 'train rec' (repeatable), such as --epochs=3 or"
              + " --lr=5e-5.")
  List<String> trainOptions = new ArrayList<>();

  @Option(
      names = "--out",
      description = "Rounds' output and the loop's state (default: ${DEFAULT-VALUE}).")
  Path out = Path.of(".platestream", "retrain");

  @Option(names = "--once", description = "Check once and exit (for a scheduler such as cron).")
  boolean once;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    if (kafka.bootstrapServers == null || kafka.schemaRegistry == null) {
      throw new IllegalArgumentException(
          "retrain learns from the labels of a running pipeline: name its cluster with"
              + " --bootstrap-servers and --schema-registry");
    }
    RetrainLoop.Settings settings =
        new RetrainLoop.Settings(
            everyLabels,
            shadowInputs,
            minAgreement,
            Duration.ofMillis(Math.round(shadowTimeoutHours * 3_600_000)));
    kafka.ensureTopics(Topics.LABELS, Topics.SHADOW);
    try (SchemaRegistryClient schemas = kafka.registryClient();
        OpenModels opened = models.open(kafka, schemas);
        PlateLabelCount labelCount =
            new PlateLabelCount(kafka.bootstrapServers, schemas, Topics.LABELS)) {
      RetrainLoop loop =
          new RetrainLoop(
              settings,
              PretrainedModels.RECOGNIZER,
              out.resolve("retrain-state.properties"),
              labelCount::count,
              (round, shadowFirst) -> trainRound(console, round, shadowFirst),
              opened.registry(),
              opened.catalog(),
              (name, version) -> ShadowTally.read(kafka.bootstrapServers, schemas, name, version),
              Clock.systemUTC());
      while (true) {
        try {
          RetrainLoop.Outcome outcome = loop.checkOnce();
          console.printf("%s retrain: %s%n", java.time.Instant.now(), outcome.message());
        } catch (Exception e) {
          if (once) {
            throw e;
          }
          // A failed round (the cluster away, a training error) is tried again at the next check.
          console.printf("%s retrain: check failed: %s%n", java.time.Instant.now(), e.getMessage());
        }
        console.flush();
        if (once) {
          return 0;
        }
        Thread.sleep(checkSeconds * 1000L);
      }
    }
  }

  /** One round: the same 'train rec' an operator would run, in this process. */
  private void trainRound(PrintWriter console, int round, boolean shadowFirst) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "train",
                "rec",
                "--data",
                data.toString(),
                "--labels",
                "--from",
                "production",
                "--publish",
                "--out",
                out.resolve("round-" + round).toString(),
                "--bootstrap-servers",
                kafka.bootstrapServers,
                "--schema-registry",
                kafka.schemaRegistry,
                "--artifacts",
                models.artifacts));
    if (shadowFirst) {
      arguments.add("--shadow-first");
    }
    if (kafka.schemaRegistryProperties != null) {
      arguments.addAll(
          List.of("--schema-registry-properties", kafka.schemaRegistryProperties.toString()));
    }
    if (kafka.kafkaProperties != null) {
      arguments.addAll(List.of("--kafka-properties", kafka.kafkaProperties.toString()));
    }
    kafka.kafkaProperty.forEach(
        (key, value) -> arguments.addAll(List.of("--kafka-property", key + "=" + value)));
    arguments.addAll(trainOptions);
    console.printf("retrain: round %d: platestream %s%n", round, String.join(" ", arguments));
    console.flush();
    CommandLine train = PlateStreamCommand.commandLine();
    train.setOut(console);
    train.setErr(console);
    int code = train.execute(arguments.toArray(String[]::new));
    if (code != 0) {
      throw new IllegalStateException(
          "retrain round " + round + ": train rec ended with exit code " + code + " (see above)");
    }
  }
}
