package io.platestream.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.datasets.geometry.Point2;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The detector's crops: always the training size, always holding one whole plate when the frame has
 * any, plates the crop cuts turned into do-not-care regions, and the plate's outline moving with
 * the pixels (a white plate on black must stay under its outline through scale and rotation).
 */
class DetAugmentTest {
  private static final List<Point2> PLATE =
      List.of(
          new Point2(300, 200), new Point2(440, 200), new Point2(440, 244), new Point2(300, 244));

  @Test
  void theOutlineFollowsThePlateThroughScaleRotationAndCrop() {
    BufferedImage frame = frameWithWhitePlate();
    DetAugment augment = new DetAugment(DetAugment.Settings.seed(256));
    for (int seed = 0; seed < 40; seed++) {
      DetAugment.Augmented crop =
          augment.apply(frame, List.of(PLATE), List.of(), 0.75, new Random(seed));
      assertThat(crop.image().getWidth()).isEqualTo(256);
      assertThat(crop.image().getHeight()).isEqualTo(256);
      if (crop.plates().isEmpty()) {
        // Only a plate grown past the crop may be cut: then it is do-not-care, never lost.
        assertThat(crop.ignored()).as("seed %d", seed).hasSize(1);
        continue;
      }
      List<Point2> plate = crop.plates().get(0);
      Point2 centre = centre(plate);
      // Colour jitter changes the white a little; the plate is still far brighter than black.
      int rgb = crop.image().getRGB((int) centre.x(), (int) centre.y());
      assertThat((rgb >> 8) & 0xff).as("seed %d", seed).isGreaterThan(128);
      for (Point2 corner : plate) {
        assertThat(corner.x()).isBetween(0.0, 256.0);
        assertThat(corner.y()).isBetween(0.0, 256.0);
      }
    }
  }

  @Test
  void withoutAugmentationTheCropOnlyMovesThePlateAtTheStageScale() {
    DetAugment augment = new DetAugment(DetAugment.Settings.plain(256));
    DetAugment.Augmented crop =
        augment.apply(frameWithWhitePlate(), List.of(PLATE), List.of(), 0.5, new Random(3));
    List<Point2> plate = crop.plates().get(0);
    assertThat(plate.get(1).x() - plate.get(0).x()).isCloseTo(70.0, within());
    assertThat(plate.get(3).y() - plate.get(0).y()).isCloseTo(22.0, within());
  }

  @Test
  void aPlateTheCropCutsBecomesDoNotCareAndAFarOneIsDropped() {
    List<Point2> far =
        List.of(new Point2(10, 10), new Point2(60, 10), new Point2(60, 30), new Point2(10, 30));
    // A crop of 128 around the plate (140 x 44 at scale 1) centred on it: the plate fits; the far
    // box at the top-left corner lies wholly outside.
    DetAugment augment = new DetAugment(DetAugment.Settings.plain(160));
    DetAugment.Augmented crop =
        augment.apply(frameWithWhitePlate(), List.of(PLATE, far), List.of(), 1, new Random(1));
    assertThat(crop.plates()).hasSize(1);
    assertThat(crop.ignored()).isEmpty();

    List<Point2> wide =
        List.of(
            new Point2(100, 300), new Point2(600, 300), new Point2(600, 340), new Point2(100, 340));
    DetAugment.Augmented cut =
        augment.apply(frameWithWhitePlate(), List.of(wide), List.of(), 1, new Random(1));
    assertThat(cut.plates()).isEmpty();
    assertThat(cut.ignored()).hasSize(1);
  }

  @Test
  void aTrainingSizeThatIsNotAMultipleOf32IsRefused() {
    assertThatThrownBy(() -> DetAugment.Settings.seed(500))
        .hasMessageContaining("multiple of 32, got 500");
  }

  private static BufferedImage frameWithWhitePlate() {
    BufferedImage frame = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = frame.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(300, 200, 140, 44);
    g.dispose();
    return frame;
  }

  private static Point2 centre(List<Point2> polygon) {
    return new Point2(
        polygon.stream().mapToDouble(Point2::x).average().orElseThrow(),
        polygon.stream().mapToDouble(Point2::y).average().orElseThrow());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }
}
