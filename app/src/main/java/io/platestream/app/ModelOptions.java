package io.platestream.app;

import io.platestream.pipeline.OpenModels;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where models come from: the registry topic on the stage's Kafka, and the artifact store. */
final class ModelOptions {
  @Option(
      names = "--artifacts",
      description =
          "Where published model files are stored: 'kafka' (the compacted topic "
              + Topics.ARTIFACTS
              + ", so stages on other machines need no shared disk), 'kafka:TOPIC', or a"
              + " directory (default: ${DEFAULT-VALUE}). Versions stored elsewhere stay readable.")
  String artifacts = "kafka";

  /**
   * The registry on {@code platestream.models} (created compacted if missing), with the bundled
   * pair published as version 1 if it holds no version yet, and the artifact store.
   */
  OpenModels open(KafkaOptions kafka, SchemaRegistryClient schemas) {
    String artifactTopic =
        artifacts.startsWith("kafka:") ? artifacts.substring("kafka:".length()) : Topics.ARTIFACTS;
    return OpenModels.open(kafka.connection(), schemas, artifactTopic, directory());
  }

  /** The directory store's root, or null when artifacts go to Kafka. */
  private Path directory() {
    return artifacts.equals("kafka") || artifacts.startsWith("kafka:") ? null : Path.of(artifacts);
  }
}
