package io.platestream.detector.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.detector.inference.ExecutionProvider;
import io.platestream.detector.inference.OnnxDetectorModel;
import io.platestream.detector.inference.PlateVerifier;
import io.platestream.models.artifact.ClasspathArtifacts;
import io.platestream.schemas.ContractExamples;
import io.platestream.schemas.ModelVersion;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A served detector version owns its session: one close releases it, a second does nothing. */
class ServedDetectorTest {

  @Test
  void theLoaderWarmsTheVersionUpAndCloseIsIdempotent() throws Exception {
    byte[] onnx = ClasspathArtifacts.read(OnnxDetectorModel.PRETRAINED_V4);
    ModelVersion version = ContractExamples.modelVersion();
    version.setVersion(3);

    ServedDetector served =
        ServedDetector.loader(ExecutionProvider.CPU, 1, PlateVerifier.acceptAll())
            .load(onnx, version);

    assertThat(served.version()).isEqualTo("v3");
    assertThat(served.detector().detect(List.of(blank()))).hasSize(1);
    served.close();
    assertThatCode(served::close).as("a second close").doesNotThrowAnyException();
    assertThatThrownBy(() -> served.detector().detect(List.of(blank())))
        .as("the session is gone after close");
  }

  private static BufferedImage blank() {
    return new BufferedImage(320, 192, BufferedImage.TYPE_INT_RGB);
  }
}
