package io.platestream.app;

import io.platestream.models.artifact.ArtifactStore;
import io.platestream.models.artifact.DirectoryArtifactStore;
import io.platestream.models.artifact.KafkaArtifactStore;
import io.platestream.models.artifact.RoutingArtifactStore;
import io.platestream.models.registry.ModelCatalog;
import io.platestream.models.registry.ModelRegistry;
import io.platestream.models.registry.PretrainedModels;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import java.nio.file.Path;
import java.util.List;
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

  /** The registry and the artifact store a command uses; closing closes both. */
  record OpenModels(ModelRegistry registry, ArtifactStore store, KafkaArtifactStore kafka)
      implements AutoCloseable {
    ModelCatalog catalog() {
      return new ModelCatalog(registry, store);
    }

    @Override
    public void close() {
      try (kafka) {
        registry.close();
      }
    }
  }

  /**
   * The registry on {@code platestream.models} (created compacted if missing), with the bundled
   * pair published as version 1 if it holds no version yet, and the artifact store.
   */
  OpenModels open(KafkaOptions kafka, SchemaRegistryClient schemas) {
    String artifactTopic =
        artifacts.startsWith("kafka:") ? artifacts.substring("kafka:".length()) : Topics.ARTIFACTS;
    kafka.ensureCompactedTopic(Topics.MODELS);
    kafka.ensureCompactedTopic(artifactTopic);
    OpenModels models =
        open(kafka.bootstrapServers, schemas, Topics.MODELS, artifactTopic, directory());
    PretrainedModels.bootstrap(models.registry(), models.catalog());
    return models;
  }

  /**
   * The registry on {@code modelsTopic} and a store that writes to {@code directory}, or to the
   * Kafka topic when that is null; both topics must exist.
   */
  static OpenModels open(
      String bootstrapServers,
      SchemaRegistryClient schemas,
      String modelsTopic,
      String artifactTopic,
      Path directory) {
    KafkaArtifactStore kafka = new KafkaArtifactStore(bootstrapServers, artifactTopic);
    // Reads file: and classpath: locations whatever the directory (locations are absolute).
    DirectoryArtifactStore local =
        new DirectoryArtifactStore(directory == null ? Path.of(".") : directory);
    ArtifactStore store =
        new RoutingArtifactStore(directory == null ? kafka : local, List.of(kafka, local));
    return new OpenModels(new ModelRegistry(bootstrapServers, schemas, modelsTopic), store, kafka);
  }

  /** The directory store's root, or null when artifacts go to Kafka. */
  private Path directory() {
    return artifacts.equals("kafka") || artifacts.startsWith("kafka:") ? null : Path.of(artifacts);
  }
}
