package io.platestream.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.models.artifact.ArtifactException;
import io.platestream.models.artifact.DirectoryArtifactStore;
import io.platestream.models.artifact.Sha256;
import io.platestream.models.registry.ModelCatalog;
import io.platestream.models.registry.ModelRegistry;
import io.platestream.models.registry.PretrainedModels;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.ModelStatus;
import io.platestream.schemas.ModelVersion;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The registry on the real broker, with the real bundled models. */
@ExtendWith(EmbeddedPlatformExtension.class)
class ModelRegistryTest {
  private final EmbeddedPlatform platform;
  private SchemaRegistryClient schemas;
  private ModelRegistry registry;
  private ModelCatalog catalog;
  private DirectoryArtifactStore store;
  @TempDir Path artifacts;

  ModelRegistryTest(EmbeddedPlatform platform) {
    this.platform = platform;
  }

  @BeforeEach
  void setUp() {
    String topic = TestTopics.unique("models");
    platform.kafka().createTopics(1, Map.of("cleanup.policy", "compact"), topic);
    schemas = platform.newRegistryClient();
    registry = new ModelRegistry(platform.bootstrapServers(), schemas, topic);
    store = new DirectoryArtifactStore(artifacts);
    catalog = new ModelCatalog(registry, store);
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  @Test
  void theBundledPairIsPublishedOnceAsProductionVersionOne() {
    List<ModelVersion> first = PretrainedModels.bootstrap(registry, catalog);
    List<ModelVersion> second = PretrainedModels.bootstrap(registry, catalog);

    assertThat(first)
        .extracting(v -> v.getModelName().toString())
        .containsExactly(PretrainedModels.DETECTOR, PretrainedModels.RECOGNIZER);
    assertThat(second).isEmpty();
    ModelVersion detector = registry.production(PretrainedModels.DETECTOR).orElseThrow();
    assertThat(detector.getVersion()).isEqualTo(1);
    assertThat(detector.getArtifactUri().toString())
        .isEqualTo("classpath:models/ch_PP-OCRv4_det_infer.onnx");
    assertThat(detector.getInputs())
        .singleElement()
        .satisfies(
            input -> {
              assertThat(input.getName().toString()).isEqualTo("x");
              assertThat(input.getShape()).hasSize(4);
            });
    byte[] bytes =
        store.fetch(detector.getArtifactUri().toString(), detector.getSha256().toString());
    assertThat(bytes).hasSize((int) detector.getSizeBytes());

    ModelVersion recognizer = registry.production(PretrainedModels.RECOGNIZER).orElseThrow();
    assertThat(recognizer.getDictionary())
        .hasSize(6624); // 6623 lines and the space; class 0 is the blank
    assertThat(recognizer.getOutputs().get(0).getShape().get(2)).isEqualTo(6625L);
  }

  @Test
  void publishPromoteRollbackAndRetire() throws Exception {
    PretrainedModels.bootstrap(registry, catalog);
    byte[] v3 = resource("models/ch_PP-OCRv3_det_infer.onnx");

    ModelVersion published =
        catalog.publish(
            PretrainedModels.DETECTOR,
            v3,
            null,
            Map.of("hmean", 0.5),
            1,
            "PP-OCRv3 for comparison");
    assertThat(published.getVersion()).isEqualTo(2);
    assertThat(published.getStatus()).isEqualTo(ModelStatus.CANDIDATE);
    assertThat(published.getArtifactUri().toString())
        .startsWith("file:" + artifacts.toAbsolutePath());
    assertThat(published.getSha256().toString()).isEqualTo(Sha256.hex(v3));
    assertThat(registry.production(PretrainedModels.DETECTOR).orElseThrow().getVersion())
        .isEqualTo(1);

    catalog.promote(PretrainedModels.DETECTOR, 2, "test");
    assertThat(registry.production(PretrainedModels.DETECTOR).orElseThrow().getVersion())
        .isEqualTo(2);
    assertThat(registry.version(PretrainedModels.DETECTOR, 1).orElseThrow().getStatus())
        .isEqualTo(ModelStatus.CANDIDATE);
    assertThat(
            registry
                .version(PretrainedModels.DETECTOR, 1)
                .orElseThrow()
                .getStatusReason()
                .toString())
        .isEqualTo("replaced by version 2");

    catalog.rollback(PretrainedModels.DETECTOR, "operator rolled back");
    assertThat(registry.production(PretrainedModels.DETECTOR).orElseThrow().getVersion())
        .isEqualTo(1);

    assertThatThrownBy(() -> catalog.retire(PretrainedModels.DETECTOR, 1, "no"))
        .hasMessageContaining("is in production");
    assertThat(catalog.retire(PretrainedModels.DETECTOR, 2, "superseded").getStatus())
        .isEqualTo(ModelStatus.RETIRED);
    assertThatThrownBy(() -> catalog.promote(PretrainedModels.DETECTOR, 2, "again"))
        .hasMessageContaining("is retired");
    assertThatThrownBy(() -> catalog.promote(PretrainedModels.DETECTOR, 9, "x"))
        .hasMessageContaining("has no version 9");
  }

  @Test
  void artifactsThatAreNotModelsOrNotWhatWasPublishedAreRefused() throws Exception {
    assertThatThrownBy(
            () ->
                catalog.publish(
                    PretrainedModels.DETECTOR, "not onnx".getBytes(), null, Map.of(), null, "x"))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("not a model ONNX Runtime can open");
    assertThat(registry.versions(PretrainedModels.DETECTOR)).isEmpty();

    String location = store.put("some bytes".getBytes());
    assertThatThrownBy(() -> store.fetch(location, Sha256.hex("other bytes".getBytes())))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("has SHA-256 " + Sha256.hex("some bytes".getBytes()))
        .hasMessageContaining("was published");
    assertThatThrownBy(() -> store.fetch("s3://bucket/model.onnx", "00"))
        .hasMessageContaining("unsupported artifact location");
  }

  private static byte[] resource(String path) throws Exception {
    try (InputStream in = ModelRegistryTest.class.getClassLoader().getResourceAsStream(path)) {
      return in.readAllBytes();
    }
  }
}
