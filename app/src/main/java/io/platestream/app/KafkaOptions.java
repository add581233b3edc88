package io.platestream.app;

import io.platestream.pipeline.KafkaConnection;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.TopicLayout;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * Where a stage finds Kafka and the schema registry. Without {@code --bootstrap-servers} an
 * embedded broker and registry start in the process, so every stage can be tried alone.
 */
final class KafkaOptions {
  @Option(names = "--bootstrap-servers", description = "Kafka brokers (host:port,...).")
  String bootstrapServers;

  @Option(
      names = "--partitions",
      description =
          "Partitions of the camera-keyed topics this command creates: the most instances of a"
              + " stage that share the work (default: ${DEFAULT-VALUE}).")
  int partitions = TopicLayout.DEFAULT_PARTITIONS;

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

  /** The cluster named by the flags, or started by {@link #connect}. */
  KafkaConnection connection() {
    return new KafkaConnection(bootstrapServers, schemaRegistry, partitions);
  }

  /**
   * Creates the topics that are missing as {@code TopicLayout} plans them (camera-keyed topics with
   * {@code --partitions}), and checks those that exist.
   */
  void ensureTopics(String... topics) {
    connection().ensureTopics(topics);
  }
}
