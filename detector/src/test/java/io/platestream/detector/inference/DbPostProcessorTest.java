package io.platestream.detector.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.platestream.datasets.geometry.Point2;
import java.util.List;
import org.junit.jupiter.api.Test;

class DbPostProcessorTest {
  private final DbPostProcessor post =
      new DbPostProcessor(DbPostProcessor.Settings.paddleDefaults());

  private static ProbabilityMap map(
      int width, int height, float value, int x0, int y0, int x1, int y1) {
    float[] values = new float[width * height];
    for (int y = y0; y <= y1; y++) for (int x = x0; x <= x1; x++) values[y * width + x] = value;
    return new ProbabilityMap(values, width, height);
  }

  @Test
  void oneConfidentRegionBecomesOneGrownBoxInFrameCoordinates() {
    // Region 41 x 11 px: pixel centres span 40 x 10; unclip distance = 400 * 1.5 / 100 = 6 px.
    ProbabilityMap probabilities = map(100, 50, 0.9f, 10, 10, 50, 20);

    List<TextBox> boxes = post.boxes(probabilities, 200, 100);

    assertThat(boxes).hasSize(1);
    TextBox box = boxes.get(0);
    assertThat(box.score()).isCloseTo(0.9f, within(1e-6f));
    // Grown by 6 px each side in map pixels, then doubled to frame pixels: (4..56, 4..26) x 2.
    assertThat(box.corners().get(0).x()).isCloseTo(8, within(1.0));
    assertThat(box.corners().get(0).y()).isCloseTo(8, within(1.0));
    assertThat(box.corners().get(2).x()).isCloseTo(112, within(1.0));
    assertThat(box.corners().get(2).y()).isCloseTo(52, within(1.0));
  }

  @Test
  void regionsBelowTheBoxThresholdOrTooSmallAreDropped() {
    assertThat(post.boxes(map(100, 50, 0.5f, 10, 10, 50, 20), 100, 50))
        .as("mean 0.5 < 0.6")
        .isEmpty();
    assertThat(post.boxes(map(100, 50, 0.9f, 10, 10, 50, 11), 100, 50))
        .as("2 px tall < min size 3")
        .isEmpty();
  }

  @Test
  void boxScoreAveragesOnlyInsideThePolygon() {
    ProbabilityMap probabilities = map(20, 20, 1f, 0, 0, 9, 19); // left half 1, right half 0
    float score =
        DbPostProcessor.meanInside(
            probabilities,
            List.of(new Point2(5, 0), new Point2(14, 0), new Point2(14, 19), new Point2(5, 19)));
    assertThat(score).isCloseTo(0.5f, within(1e-6f));
  }
}
