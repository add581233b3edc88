package io.platestream.datasets.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.datasets.geometry.Homography;
import io.platestream.datasets.geometry.Point2;
import io.platestream.datasets.plates.PlateType;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SceneRendererTest {
  private static final List<Point2> UNIT_SQUARE =
      List.of(new Point2(0, 0), new Point2(1, 0), new Point2(1, 1), new Point2(0, 1));
  private static PlateFonts fonts;

  @BeforeAll
  static void loadFonts() {
    FontsAvailable.require();
    fonts = PlateFonts.load();
  }

  @Test
  void moreThanOneTypefaceIsUsed() {
    assertThat(fonts.all().size()).isGreaterThan(1);
  }

  @Test
  void sameSeedSamePixels() {
    SceneRenderer renderer = new SceneRenderer(SceneConfig.defaults().withSize(640, 360), fonts);
    Scene a = renderer.render(5), b = renderer.render(5), c = renderer.render(6);

    assertThat(pixels(a.image())).isEqualTo(pixels(b.image()));
    assertThat(a.plates()).isEqualTo(b.plates());
    assertThat(pixels(a.image())).isNotEqualTo(pixels(c.image()));
  }

  @Test
  void everyPlateIsValidAndInsideTheFrameWithinItsSizeRange() {
    SceneConfig config = SceneConfig.defaults().withSize(640, 360);
    SceneRenderer renderer = new SceneRenderer(config, fonts);
    for (long seed = 0; seed < 20; seed++) {
      for (PlateInstance plate : renderer.render(seed).plates()) {
        assertThat(plate.type().accepts(plate.text())).as(plate.text()).isTrue();
        double width =
            Math.hypot(
                plate.corners().get(1).x() - plate.corners().get(0).x(),
                plate.corners().get(1).y() - plate.corners().get(0).y());
        // Perspective shortens the top edge by cos(tilt) at most: never below half the minimum.
        assertThat(width)
            .isBetween(
                config.minPlateWidthPx() * 0.5, config.maxPlateWidthShare() * config.width() * 1.2);
        for (Point2 p : plate.corners()) {
          assertThat(p.x()).isBetween(-config.width() * 0.1, config.width() * 1.1);
          assertThat(p.y()).isBetween(0.0, (double) config.height());
        }
      }
    }
  }

  @Test
  void groundTruthOutlinesThePixelsOfThePlate() {
    // Blue plates on clean scenes: the centre of every outline is the plate's blue.
    SceneConfig config =
        new SceneConfig(
            640, 360, 2, 80, 0.35, 20, 15, 5, 3, List.of(PlateType.BLUE), 0, 0, 0, 0, 95);
    SceneRenderer renderer = new SceneRenderer(config, fonts);
    for (long seed = 0; seed < 10; seed++) {
      Scene scene = renderer.render(seed);
      for (PlateInstance plate : scene.plates()) {
        // Average a grid of samples inside the outline (characters are white, the plate is blue).
        Homography unitToPlate = Homography.fromQuads(UNIT_SQUARE, plate.corners());
        long red = 0, blue = 0, n = 0;
        for (double u = 0.1; u <= 0.9; u += 0.1) {
          for (double v = 0.15; v <= 0.85; v += 0.1) {
            Point2 p = unitToPlate.apply(u, v);
            int rgb = scene.image().getRGB((int) p.x(), (int) p.y());
            red += (rgb >> 16) & 0xff;
            blue += rgb & 0xff;
            n++;
          }
        }
        assertThat(blue / n).as("seed %d plate %s", seed, plate.text()).isGreaterThan(red / n + 30);
      }
    }
  }

  @Test
  void missingFontsNameTheDebianPackages() {
    assertThatThrownBy(() -> PlateFonts.load(List.of(Path.of("/no/such/font.ttc"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/no/such/font.ttc is missing")
        .hasMessageContaining("apt-get install fonts-wqy-zenhei");
  }

  @Test
  void impossibleConfigsAreRefused() {
    assertThatThrownBy(() -> SceneConfig.defaults().withPlateWidths(500, 0.2))
        .hasMessageContaining("minPlateWidthPx exceeds");
    assertThatThrownBy(() -> SceneConfig.defaults().withSize(10, 10))
        .hasMessageContaining("at least 64 x 64");
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }
}
