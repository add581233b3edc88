package io.platestream.detector.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.datasets.geometry.PerspectiveWarp;
import io.platestream.datasets.geometry.Point2;
import io.platestream.datasets.image.Images;
import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.PlateInstance;
import io.platestream.datasets.render.Scene;
import io.platestream.datasets.render.SceneConfig;
import io.platestream.datasets.render.SceneRenderer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OpenCV's crops against the Java rectification the datasets cut recognition labels with. */
class NativeCropsTest {
  private static SceneRenderer renderer;

  @BeforeAll
  static void fonts() {
    FontsAvailableAccess.require();
    renderer = new SceneRenderer(SceneConfig.defaults().withSize(960, 540), PlateFonts.load());
  }

  @Test
  void cropsOfSceneFramesMatchTheJavaRectificationWithinALevelOrSo() {
    long differences = 0, values = 0;
    int largest = 0, crops = 0;
    for (int seed = 0; seed < 8; seed++) {
      Scene scene = renderer.render(500 + seed);
      NativeFrame frame = JpegDecoder.decodeNative(Images.jpeg(scene.image(), 90));
      // The Java warp reads the same decoded pixels.
      BufferedImage decoded = frame.toPackedRgb();
      for (PlateInstance plate : scene.plates()) {
        BufferedImage expected = PerspectiveWarp.rectify(decoded, plate.corners());
        try (Mat crop = NativeCrops.rectify(frame.bgr(), plate.corners())) {
          assertThat(crop.cols()).isEqualTo(expected.getWidth());
          assertThat(crop.rows()).isEqualTo(expected.getHeight());
          assertThat(crop.channels()).isEqualTo(3);
          UByteIndexer pixels = crop.createIndexer();
          for (int y = 0; y < crop.rows(); y++) {
            for (int x = 0; x < crop.cols(); x++) {
              int rgb = expected.getRGB(x, y);
              for (int c = 0; c < 3; c++) { // B, G, R against the packed int's low bytes up
                int difference = Math.abs(pixels.get(y, x, c) - ((rgb >> (8 * c)) & 0xff));
                differences += difference;
                largest = Math.max(largest, difference);
                values++;
              }
            }
          }
          pixels.close();
        }
        crops++;
      }
    }
    assertThat(crops).isGreaterThan(8);
    // Measured on 2026-12-02: 13 crops, mean difference 0.18 levels, largest 3 (OpenCV samples at
    // 1/32 pixel in fixed point); the bounds leave room for another OpenCV build's rounding.
    assertThat((double) differences / values).as("mean difference in levels").isLessThan(0.3);
    assertThat(largest).as("largest difference in levels").isLessThanOrEqualTo(6);
  }

  @Test
  void aTallOutlineIsTurnedAQuarterCounterClockwiseAsTheJavaWarpDoes() {
    Scene scene = renderer.render(42);
    NativeFrame frame = JpegDecoder.decodeNative(Images.jpeg(scene.image(), 90));
    BufferedImage decoded = frame.toPackedRgb();
    List<Point2> tall =
        List.of(
            new Point2(100, 50), new Point2(140, 50), new Point2(140, 250), new Point2(100, 250));

    BufferedImage expected = PerspectiveWarp.rectify(decoded, tall);
    try (Mat crop = NativeCrops.rectify(frame.bgr(), tall)) {
      assertThat(expected.getWidth()).isEqualTo(200);
      assertThat(crop.cols()).isEqualTo(200);
      assertThat(crop.rows()).isEqualTo(40);
      UByteIndexer pixels = crop.createIndexer();
      long differences = 0;
      for (int y = 0; y < 40; y++) {
        for (int x = 0; x < 200; x++) {
          differences += Math.abs(pixels.get(y, x, 2) - ((expected.getRGB(x, y) >> 16) & 0xff));
        }
      }
      pixels.close();
      assertThat(differences / (40.0 * 200)).isLessThan(0.5);
    }
  }

  @Test
  void anEncodedCropIsAJpegOfTheSizeItClaims() throws Exception {
    Scene scene = renderer.render(7);
    NativeFrame frame = JpegDecoder.decodeNative(Images.jpeg(scene.image(), 90));
    TextBox box = new TextBox(scene.plates().get(0).corners(), 0.9f);

    EncodedPlate plate = NativeCrops.cut(frame.bgr(), box, 75);

    BufferedImage read = ImageIO.read(new ByteArrayInputStream(plate.cropJpeg()));
    assertThat(read.getWidth()).isEqualTo(plate.cropWidth()).isEqualTo((int) box.width());
    assertThat(read.getHeight()).isEqualTo(plate.cropHeight()).isEqualTo((int) box.height());
    assertThat(plate.box()).isEqualTo(box);
  }

  @Test
  void aDegenerateOutlineIsRefusedWithItsSize() {
    NativeFrame frame = JpegDecoder.decodeNative(Images.jpeg(renderer.render(3).image(), 90));
    List<Point2> line =
        List.of(new Point2(10, 10), new Point2(60, 10), new Point2(60, 10.5), new Point2(10, 10.5));

    assertThatThrownBy(() -> NativeCrops.rectify(frame.bgr(), line))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("degenerate (50 x 0 px)");
  }
}
