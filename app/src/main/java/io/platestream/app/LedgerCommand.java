package io.platestream.app;

import io.platestream.pipeline.LedgerReport;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.registry.SchemaRegistryClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints how every frame and plate detection ended, per camera, from the ledger topic. */
@Command(
    name = "ledger",
    description = {
      "Print how each camera's frames and plates ended, stage by stage.",
      "Reads the compacted topic platestream.ledger, which the detect and recognize",
      "stages write with each change, committed with their output (exact):",
      "frames detected, dead-lettered or shed; plates emitted; plates read,",
      "dead-lettered or shed; plates still in flight; events early and final.",
      "Below, ingest's rows (every 5 s, not transactional): frames sampled, skipped,",
      "published or dropped. Exits 2 when a camera does not balance."
    })
final class LedgerCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (EmbeddedPlatform embedded = kafka.connect(out);
        SchemaRegistryClient registry = kafka.registryClient()) {
      kafka.ensureTopics(io.platestream.schemas.Topics.LEDGER);
      LedgerReport report = LedgerReport.read(kafka.connection().bootstrapServers(), registry);
      if (report.cameras().isEmpty()) {
        out.println("The ledger is empty: no stage has counted a frame yet.");
        return 0;
      }
      report.lines().forEach(out::println);
      boolean balanced =
          report.cameras().stream().allMatch(camera -> report.platesInFlight(camera) >= 0);
      return balanced ? 0 : 2;
    }
  }
}
