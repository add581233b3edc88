package io.platestream.datasets.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerspectiveWarpTest {

  @Test
  void homographyMapsTheFourCornersAndInvertsExactly() {
    List<Point2> from =
        List.of(new Point2(0, 0), new Point2(100, 0), new Point2(100, 30), new Point2(0, 30));
    List<Point2> to =
        List.of(new Point2(12, 40), new Point2(118, 52), new Point2(110, 88), new Point2(9, 70));
    Homography h = Homography.fromQuads(from, to);

    for (int i = 0; i < 4; i++) {
      Point2 mapped = h.apply(from.get(i));
      assertThat(mapped.x()).isCloseTo(to.get(i).x(), within(1e-9));
      assertThat(mapped.y()).isCloseTo(to.get(i).y(), within(1e-9));
      Point2 back = h.inverse().apply(to.get(i));
      assertThat(back.x()).isCloseTo(from.get(i).x(), within(1e-9));
      assertThat(back.y()).isCloseTo(from.get(i).y(), within(1e-9));
    }
  }

  @Test
  void collinearPointsAreRefused() {
    List<Point2> line =
        List.of(new Point2(0, 0), new Point2(1, 1), new Point2(2, 2), new Point2(3, 3));
    assertThatThrownBy(() -> Homography.fromQuads(line, line)).hasMessageContaining("collinear");
  }

  @Test
  void rectifyCutsTheQuadToItsLongerEdgesAndKeepsItsContent() {
    // A red 100 x 30 rectangle at (50, 60) on white: the crop of its outline is all red.
    BufferedImage image = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 200, 200);
    g.setColor(Color.RED);
    g.fillRect(50, 60, 100, 30);
    g.dispose();

    BufferedImage crop =
        PerspectiveWarp.rectify(image, Polygon.rectangle(52, 62, 148, 88).points());

    assertThat(crop.getWidth()).isEqualTo(96);
    assertThat(crop.getHeight()).isEqualTo(26);
    for (int y = 0; y < crop.getHeight(); y++) {
      for (int x = 0; x < crop.getWidth(); x++) {
        assertThat(crop.getRGB(x, y) & 0xffffff).isEqualTo(0xff0000);
      }
    }
  }

  @Test
  void rectifyTurnsTallCropsAQuarterCounterClockwiseAsPaddleOcrDoes() {
    BufferedImage image = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
    image.setRGB(20, 10, 0x00ff00); // top-left pixel of a 20 x 60 tall outline

    BufferedImage crop = PerspectiveWarp.rectify(image, Polygon.rectangle(20, 10, 40, 70).points());

    assertThat(crop.getWidth()).isEqualTo(60);
    assertThat(crop.getHeight()).isEqualTo(20);
    // Counter-clockwise: the former top-left corner ends at the bottom-left.
    assertThat(crop.getRGB(0, 19) & 0xffffff).isEqualTo(0x00ff00);
  }

  @Test
  void rectifyReadsAPackedRgbFrameInPlaceWithTheSameResultAsPixelByPixel() {
    java.util.Random random = new java.util.Random(11);
    BufferedImage packed = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 80; y++)
      for (int x = 0; x < 120; x++) packed.setRGB(x, y, random.nextInt());
    BufferedImage bgr = new BufferedImage(120, 80, BufferedImage.TYPE_3BYTE_BGR);
    bgr.getGraphics().drawImage(packed, 0, 0, null); // read pixel by pixel through getRGB
    // Tilted, and partly outside the image, so that border clamping is exercised too.
    List<Point2> quad =
        List.of(
            new Point2(-6, 12.5), new Point2(97.3, 3), new Point2(125, 41), new Point2(4, 60.2));

    BufferedImage fast = PerspectiveWarp.rectify(packed, quad);
    BufferedImage reference = PerspectiveWarp.rectify(bgr, quad);

    assertThat(fast.getWidth()).isEqualTo(reference.getWidth());
    assertThat(fast.getHeight()).isEqualTo(reference.getHeight());
    assertThat(fast.getRGB(0, 0, fast.getWidth(), fast.getHeight(), null, 0, fast.getWidth()))
        .isEqualTo(
            reference.getRGB(
                0, 0, reference.getWidth(), reference.getHeight(), null, 0, reference.getWidth()));
  }

  @Test
  void paintIntoPlacesTheSourceInsideTheQuadOnly() {
    BufferedImage target = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
    BufferedImage blue = new BufferedImage(40, 10, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 10; y++) for (int x = 0; x < 40; x++) blue.setRGB(x, y, 0x0000ff);

    PerspectiveWarp.paintInto(
        target,
        blue,
        List.of(new Point2(10, 20), new Point2(90, 25), new Point2(88, 45), new Point2(12, 40)));

    assertThat(target.getRGB(50, 32) & 0xffffff).isEqualTo(0x0000ff);
    assertThat(target.getRGB(5, 5) & 0xffffff).isZero();
    assertThat(target.getRGB(50, 60) & 0xffffff).isZero();
  }
}
