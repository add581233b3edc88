package io.platestream.app;

import io.platestream.platform.ContractRoundTrip;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.registry.SchemaRegistryClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs PlateStream on embedded defaults. At this stage of the project: the in-process Kafka broker
 * and the embedded schema registry come up, and one record of every contract makes a round trip
 * through them. Later stages grow this into the full pipeline with a dashboard.
 */
@Command(
    name = "demo",
    description = "Run PlateStream on embedded defaults (no Kafka, registry or GPU needed).")
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--registry-port",
      description =
          "Port of the embedded schema registry (0 = any free port; default: ${DEFAULT-VALUE}).")
  int registryPort = 0;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("Starting the embedded Kafka broker and schema registry...");
    try (EmbeddedPlatform platform = EmbeddedPlatform.start(registryPort);
        SchemaRegistryClient registry = platform.newRegistryClient()) {
      out.printf("  Kafka broker     %s%n", platform.bootstrapServers());
      out.printf("  Schema registry  %s%n", platform.schemaRegistryUrl());
      String[] topics = ContractRoundTrip.examples("").keySet().toArray(String[]::new);
      platform.kafka().createTopics(1, topics);

      List<ContractRoundTrip.Result> results =
          ContractRoundTrip.run(platform.bootstrapServers(), registry, "");
      boolean allMatch = true;
      for (ContractRoundTrip.Result result : results) {
        allMatch &= result.matches();
        out.printf(
            "  %-20s %-16s schema id %-11d %s%n",
            result.topic(),
            result.sent().getSchema().getName(),
            result.schemaId(),
            result.matches() ? "round trip OK" : "MISMATCH");
      }
      out.println(
          allMatch
              ? "All "
                  + results.size()
                  + " contracts made a round trip through Kafka and the schema registry."
              : "Some contracts did not come back unchanged: see above.");
      out.println("Stopping.");
      out.flush();
      return allMatch ? 0 : 1;
    }
  }
}
