package io.platestream.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.platestream.datasets.evaluation.EvaluationReport;
import io.platestream.datasets.evaluation.PredictionEvaluation;
import io.platestream.datasets.geometry.Polygon;
import io.platestream.datasets.paddle.DetectionLabel;
import io.platestream.datasets.paddle.RecognitionLabel;
import io.platestream.datasets.paddle.TextRegion;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionEvaluationTest {
  private static final TextRegion A = new TextRegion(Polygon.rectangle(0, 0, 100, 30), "皖A12345");
  private static final TextRegion B = new TextRegion(Polygon.rectangle(0, 0, 100, 30), "苏B99999");

  @Test
  void imagesWithoutPredictionsCountAsMisses() {
    List<DetectionLabel> truth =
        List.of(new DetectionLabel("1.jpg", List.of(A)), new DetectionLabel("2.jpg", List.of(B)));
    List<DetectionLabel> predicted = List.of(new DetectionLabel("1.jpg", List.of(A)));

    EvaluationReport report = PredictionEvaluation.detection(truth, predicted);

    assertThat(report.imagesWithoutPredictions()).isEqualTo(1);
    assertThat(report.detection().precision()).isCloseTo(1.0, within(1e-12));
    assertThat(report.detection().recall()).isCloseTo(0.5, within(1e-12));
    assertThat(report.endToEnd().hits()).isEqualTo(1);
    assertThat(report.asMap())
        .containsKeys("detection", "end_to_end", "images_without_predictions");
  }

  @Test
  void predictionsForUnknownImagesAreRefused() {
    assertThatThrownBy(
            () ->
                PredictionEvaluation.detection(
                    List.of(new DetectionLabel("1.jpg", List.of(A))),
                    List.of(new DetectionLabel("x.jpg", List.of()))))
        .hasMessageContaining("first: x.jpg")
        .hasMessageContaining("another dataset");
  }

  @Test
  void recognitionByImage() {
    EvaluationReport report =
        PredictionEvaluation.recognition(
            List.of(
                new RecognitionLabel("a.jpg", "皖A12345"), new RecognitionLabel("b.jpg", "苏B99999")),
            List.of(
                new RecognitionLabel("b.jpg", "苏B99999"),
                new RecognitionLabel("a.jpg", "皖A12346")));

    assertThat(report.recognition().accuracy()).isCloseTo(0.5, within(1e-12));
    assertThat(report.recognition().samples()).isEqualTo(2);
  }
}
