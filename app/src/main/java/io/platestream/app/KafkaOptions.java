package io.platestream.app;

import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.TopicCreator;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Option;

/**
 * Where a stage finds Kafka and the schema registry. Without {@code --bootstrap-servers} an
 * embedded broker and registry start in the process, so every stage can be tried alone.
 */
final class KafkaOptions {
  @Option(names = "--bootstrap-servers", description = "Kafka brokers (host:port,...).")
  String bootstrapServers;

  @Option(
      names = "--schema-registry",
      description = "Schema registry URL (required with --bootstrap-servers).")
  String schemaRegistry;

  /**
   * The platform started when no Kafka was named (the caller closes it), or {@code null}; either
   * way {@link #bootstrapServers} and {@link #schemaRegistry} are set afterwards.
   */
  EmbeddedPlatform connect(PrintWriter out) {
    if (bootstrapServers != null && schemaRegistry == null) {
      throw new IllegalArgumentException("--bootstrap-servers needs --schema-registry as well");
    }
    if (bootstrapServers != null) {
      return null;
    }
    out.println("No --bootstrap-servers: starting an embedded Kafka broker and schema registry.");
    out.flush();
    EmbeddedPlatform embedded = EmbeddedPlatform.start();
    bootstrapServers = embedded.bootstrapServers();
    schemaRegistry = embedded.schemaRegistryUrl();
    out.printf(
        "Other stages can join with --bootstrap-servers %s --schema-registry %s%n",
        bootstrapServers, schemaRegistry);
    out.flush();
    return embedded;
  }

  /** Creates a compacted topic of one partition if it is missing (registries, not streams). */
  void ensureCompactedTopic(String topic) {
    create(
        List.of(
            new NewTopic(topic, Optional.of(1), Optional.empty())
                .configs(Map.of("cleanup.policy", "compact"))));
  }

  /** Creates the topics that are missing (partitions and replication: the broker's defaults). */
  void ensureTopics(String... topics) {
    create(
        Arrays.stream(topics)
            .map(t -> new NewTopic(t, Optional.empty(), Optional.empty()))
            .toList());
  }

  private void create(List<NewTopic> wanted) {
    TopicCreator.createMissing(bootstrapServers, wanted);
  }
}
