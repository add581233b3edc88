package io.platestream.app;

import io.platestream.models.artifact.ArtifactStore;
import io.platestream.models.artifact.DirectoryArtifactStore;
import io.platestream.models.registry.ModelCatalog;
import io.platestream.models.registry.ModelRegistry;
import io.platestream.models.registry.PretrainedModels;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where models come from: the registry topic on the stage's Kafka, and the artifact store. */
final class ModelOptions {
  @Option(
      names = "--artifacts",
      description = "Directory of the model artifact store (default: ${DEFAULT-VALUE}).")
  Path artifacts = Path.of(".platestream", "artifacts");

  ArtifactStore store() {
    return new DirectoryArtifactStore(artifacts);
  }

  /**
   * The registry on {@code platestream.models} (created compacted if missing), with the bundled
   * pair published as version 1 if it holds no version yet. The caller closes it.
   */
  ModelRegistry open(KafkaOptions kafka, SchemaRegistryClient schemas) {
    kafka.ensureCompactedTopic(Topics.MODELS);
    ModelRegistry registry = new ModelRegistry(kafka.bootstrapServers, schemas, Topics.MODELS);
    PretrainedModels.bootstrap(registry, new ModelCatalog(registry, store()));
    return registry;
  }
}
