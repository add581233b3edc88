package io.platestream.recognizer.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.models.artifact.ClasspathArtifacts;
import io.platestream.recognizer.inference.OnnxRecognizerModel;
import io.platestream.recognizer.inference.PlateGrammar;
import io.platestream.schemas.ContractExamples;
import io.platestream.schemas.ModelVersion;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** A served recognizer version owns its session: one close releases it, a second does nothing. */
class ServedRecognizerTest {

  @Test
  void theLoaderWarmsTheVersionUpAndCloseIsIdempotent() throws Exception {
    byte[] onnx = ClasspathArtifacts.read(OnnxRecognizerModel.PRETRAINED_V4);
    ModelVersion version = ContractExamples.modelVersion();
    version.setVersion(3);

    version.setModelName("plate-recognizer");
    ServedRecognizer served =
        ServedRecognizer.loader(PlateGrammar.chineseMainland(), 1).load(onnx, version);

    assertThat(served.version()).isEqualTo("v3");
    assertThat(served.reader().read(blank())).isNotNull();
    served.close();
    assertThatCode(served::close).as("a second close").doesNotThrowAnyException();
    assertThatThrownBy(() -> served.reader().read(blank())).as("the session is gone after close");
  }

  private static BufferedImage blank() {
    return new BufferedImage(160, 48, BufferedImage.TYPE_INT_RGB);
  }
}
