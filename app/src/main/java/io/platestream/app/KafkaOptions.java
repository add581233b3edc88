package io.platestream.app;

import io.platestream.pipeline.KafkaConnection;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.TopicLayout;
import io.platestream.schemas.KafkaSecurity;
import io.platestream.schemas.registry.RegistryClientConfig;
import io.platestream.schemas.registry.RestSchemaRegistryClient;
import io.platestream.schemas.registry.SchemaRegistryClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
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

  @Option(
      names = "--schema-registry-properties",
      description =
          "A properties file of schema registry client settings, as Confluent's clients read"
              + " them: basic.auth.user.info (user:password), schema.registry.ssl.truststore.*,"
              + " schema.registry.ssl.keystore.*. A user:password@ in the URL works too.")
  Path schemaRegistryProperties;

  @Option(
      names = "--kafka-properties",
      description =
          "A properties file of Kafka client security settings (security.protocol, sasl.*, ssl.*)"
              + " every client of this command uses, as Kafka's own tools read them.")
  Path kafkaProperties;

  @Option(
      names = "--kafka-property",
      description =
          "One Kafka client security setting as KEY=VALUE (repeatable; wins over"
              + " --kafka-properties), such as security.protocol=SASL_SSL.")
  Map<String, String> kafkaProperty = new LinkedHashMap<>();

  /**
   * The platform started when no Kafka was named (the caller closes it), or {@code null}; either
   * way {@link #bootstrapServers} and {@link #schemaRegistry} are set afterwards.
   */
  EmbeddedPlatform connect(PrintWriter out) {
    Map<String, String> security = new LinkedHashMap<>();
    if (kafkaProperties != null) {
      security.putAll(KafkaSecurity.read(kafkaProperties));
    }
    security.putAll(kafkaProperty);
    if (!security.isEmpty() && bootstrapServers == null) {
      throw new IllegalArgumentException(
          "--kafka-properties and --kafka-property secure a named cluster (--bootstrap-servers);"
              + " the embedded broker speaks plain text on this machine only");
    }
    KafkaSecurity.use(security);
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

  /** The schema registry's client settings: its URL and those of --schema-registry-properties. */
  Map<String, Object> registryProperties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    if (schemaRegistryProperties != null) {
      properties.putAll(KafkaSecurity.read(schemaRegistryProperties));
    }
    properties.put(RegistryClientConfig.URL, schemaRegistry);
    return properties;
  }

  /** A client of the schema registry, with --schema-registry-properties applied. */
  SchemaRegistryClient registryClient() {
    return new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(registryProperties()));
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
