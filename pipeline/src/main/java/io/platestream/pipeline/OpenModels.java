package io.platestream.pipeline;

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

/** The model registry and the artifact store a process uses; closing closes both. */
public record OpenModels(ModelRegistry registry, ArtifactStore store, KafkaArtifactStore kafka)
    implements AutoCloseable {

  public ModelCatalog catalog() {
    return new ModelCatalog(registry, store);
  }

  /**
   * The registry on {@code platestream.models} (created compacted if missing), with the bundled
   * pair published as version 1 if it holds no version yet, and a store that writes to {@code
   * artifactTopic}, or to {@code directory} when that is not null.
   */
  public static OpenModels open(
      KafkaConnection kafka, SchemaRegistryClient schemas, String artifactTopic, Path directory) {
    kafka.ensureTopics(Topics.MODELS, artifactTopic);
    OpenModels models =
        open(kafka.bootstrapServers(), schemas, Topics.MODELS, artifactTopic, directory);
    PretrainedModels.bootstrap(models.registry(), models.catalog());
    return models;
  }

  /**
   * The registry on {@code modelsTopic} and a store that writes to {@code directory}, or to the
   * Kafka topic when that is null; both topics must exist.
   */
  public static OpenModels open(
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

  @Override
  public void close() {
    try (kafka) {
      registry.close();
    }
  }
}
