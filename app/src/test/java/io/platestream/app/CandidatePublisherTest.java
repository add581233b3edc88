package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.models.artifact.ClasspathArtifacts;
import io.platestream.models.registry.ModelRegistry;
import io.platestream.models.registry.PretrainedModels;
import io.platestream.pipeline.OpenModels;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.ModelStatus;
import io.platestream.schemas.ModelVersion;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import io.platestream.training.publish.CandidatePublisher;
import io.platestream.training.publish.QualityGate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@code train --publish} does with a model that beat its start: a candidate child of the
 * version it came from, with its metrics and settings, promoted only past the quality gate. The
 * trained model stands in as the bundled PP-OCRv3 recognizer, a real ONNX file of the same
 * signature, so that no training has to happen here.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class CandidatePublisherTest {
  private static final byte[] TRAINED =
      ClasspathArtifacts.read("models/ch_PP-OCRv3_rec_infer.onnx");

  @Test
  void aCandidateThatFallsShortOfTheMarginStaysACandidateAndOneThatClearsItIsPromoted(
      EmbeddedPlatform platform) {
    String modelsTopic = TestTopics.unique("models");
    String artifactsTopic = TestTopics.unique("artifacts");
    platform
        .kafka()
        .createTopics(1, Map.of("cleanup.policy", "compact"), modelsTopic, artifactsTopic);
    try (SchemaRegistryClient schemas = platform.newRegistryClient();
        OpenModels models =
            OpenModels.open(
                platform.bootstrapServers(), schemas, modelsTopic, artifactsTopic, null)) {
      PretrainedModels.bootstrap(models.registry(), models.catalog());
      ModelRegistry registry = models.registry();
      ModelVersion v1 = registry.production(PretrainedModels.RECOGNIZER).orElseThrow();
      CandidatePublisher publisher =
          new CandidatePublisher(models.catalog(), new QualityGate("accuracy", 0.01, 0.02));

      CandidatePublisher.Published narrow =
          publisher.publish(
              TRAINED,
              v1,
              Map.of("accuracy", 0.905),
              Map.of("epochs", "1"),
              Map.of("accuracy", 0.90),
              "fine-tuned by a test");

      assertThat(narrow.verdict().promote()).isFalse();
      assertThat(narrow.verdict().reason()).contains("accuracy");
      ModelVersion candidate = registry.version(PretrainedModels.RECOGNIZER, 2).orElseThrow();
      assertThat(candidate.getStatus()).isEqualTo(ModelStatus.CANDIDATE);
      assertThat(candidate.getParentVersion()).isEqualTo(1);
      assertThat(candidate.getTrainingConfig()).containsEntry("epochs", "1");
      assertThat(candidate.getMetrics()).containsEntry("accuracy", 0.905);
      assertThat(candidate.getDictionary()).isEqualTo(v1.getDictionary());
      assertThat(registry.production(PretrainedModels.RECOGNIZER).orElseThrow().getVersion())
          .isEqualTo(1);

      CandidatePublisher.Published clear =
          publisher.publish(
              TRAINED,
              v1,
              Map.of("accuracy", 0.95),
              Map.of(),
              Map.of("accuracy", 0.90),
              "fine-tuned by a test");

      assertThat(clear.verdict().promote()).as(clear.verdict().reason()).isTrue();
      assertThat(registry.production(PretrainedModels.RECOGNIZER).orElseThrow().getVersion())
          .isEqualTo(clear.candidate().getVersion());
    }
  }
}
