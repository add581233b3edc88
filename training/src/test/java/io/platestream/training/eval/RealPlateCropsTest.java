package io.platestream.training.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.datasets.paddle.PaddleLabels;
import io.platestream.datasets.paddle.RecognitionLabel;
import io.platestream.detector.inference.ExecutionProvider;
import io.platestream.detector.inference.OnnxDetectorModel;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.recognizer.inference.OnnxRecognizerModel;
import io.platestream.recognizer.inference.PlateRecognizer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The real plate crops committed in {@code datasets/real/plate-crops}: the split keeps every plate
 * on one side, and the bundled recognizer, read as the recognize stage reads, keeps its figure on
 * the validation half. The floor pins the pretrained recognizer's 0.986 (2026-12-07) less two
 * crops' worth of slack: a change to pre-processing or decoding that costs real plates fails here.
 */
class RealPlateCropsTest {
  private static final Path CROPS = Path.of("..", "datasets", "real", "plate-crops");

  @Test
  void noPlateIsInBothHalves() throws Exception {
    Set<String> train = texts("train.txt");
    Set<String> validation = texts("validation.txt");

    assertThat(train).hasSizeGreaterThan(400);
    assertThat(validation).hasSizeGreaterThan(400);
    assertThat(train).doesNotContainAnyElementsOf(validation);
  }

  @Test
  void theBundledRecognizerReadsTheRealValidationCropsAsBefore() throws Exception {
    RealValidation real =
        new RealValidation(new RealValidation.Sets(CROPS, "validation.txt", null));
    try (OnnxRecognizerModel recognizer = OnnxRecognizerModel.pretrained(0);
        OnnxDetectorModel detector = OnnxDetectorModel.pretrained(ExecutionProvider.CPU, 0)) {
      Map<String, Double> metrics =
          real.score(
              PlateDetector.withDefaults(detector), PlateRecognizer.withDefaults(recognizer));

      assertThat(metrics).containsOnlyKeys(RealValidation.CROPS_ACCURACY);
      assertThat(metrics.get(RealValidation.CROPS_ACCURACY)).isGreaterThanOrEqualTo(0.982);
    }
  }

  private static Set<String> texts(String file) throws Exception {
    return PaddleLabels.readRecognition(CROPS.resolve(file), false).labels().stream()
        .map(RecognitionLabel::text)
        .collect(Collectors.toSet());
  }
}
