package io.platestream.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.models.artifact.ArtifactException;
import io.platestream.testing.ByteMutations;
import io.platestream.testing.FuzzRun;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Bounded fuzzing of the ONNX files a publisher hands the model registry: seeded mutations of the
 * bundled detector are opened as the registry and the stages open a new version (reading its
 * signature); each opens or is refused with an {@link ArtifactException}, never another error or a
 * crash of ONNX Runtime. The bundled model still opens afterwards.
 */
class OnnxFileFuzzTest {

  @Test
  void mutatedModelsOpenOrAreRefusedAsArtifacts() throws Exception {
    byte[] valid;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("models/ch_PP-OCRv4_det_infer.onnx")) {
      valid = in.readAllBytes();
    }
    FuzzRun.Outcome outcome =
        FuzzRun.run(
            "ONNX model file",
            81,
            1_000,
            random -> ByteMutations.mutate(valid, random),
            ModelSignature::of,
            ArtifactException.class,
            message -> message.startsWith("not a model ONNX Runtime can open"));
    assertThat(outcome.crashes()).isEmpty();
    assertThat(ModelSignature.of(valid).inputs()).hasSize(1);
  }
}
