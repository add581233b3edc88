package io.platestream.detector.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.datasets.paddle.PaddleLabels;
import io.platestream.datasets.paddle.RecognitionLabel;
import io.platestream.datasets.plates.PlateType;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.PlateRenderer;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plate verifier on crops whose answer is known: real plate crops it never saw (the committed
 * validation half; it was fitted on the train half), rendered plates of each colour, and patches
 * that are not plates.
 */
class PlateVerifierTest {
  private static final Path REAL_CROPS = Path.of("..", "datasets", "real", "plate-crops");

  @Test
  void theBundledVerifierPassesRealPlateCropsItNeverSaw() throws Exception {
    List<RecognitionLabel> labels =
        PaddleLabels.readRecognition(REAL_CROPS.resolve("validation.txt"), false).labels();
    PlateVerifier verifier = PlateVerifier.bundled();
    long passed = 0;
    for (RecognitionLabel label : labels) {
      BufferedImage crop = ImageIO.read(REAL_CROPS.resolve(label.imagePath()).toFile());
      if (verifier.accepts(PlateAppearance.of(rgb(crop)))) {
        passed++;
      }
    }
    assertThat(passed / (double) labels.size())
        .as("real validation crops taken for plates")
        .isGreaterThanOrEqualTo(0.98);
  }

  @Test
  void renderedPlatesOfEachColourPassAndSignsAndBlankPatchesDoNot() {
    PlateRenderer renderer = new PlateRenderer(PlateFonts.load());
    PlateVerifier verifier = PlateVerifier.bundled();
    for (PlateType type : List.of(PlateType.BLUE, PlateType.YELLOW)) {
      BufferedImage plate = renderer.render("京A12345", type, 48, new Random(3));
      PlateAppearance looks = PlateAppearance.of(plate);
      assertThat(verifier.accepts(looks)).as(type + ": " + looks).isTrue();
    }
    PlateAppearance blue =
        PlateAppearance.of(renderer.render("京A12345", PlateType.BLUE, 48, new Random(3)));
    assertThat(blue.blue()).as("a blue plate is mostly blue").isGreaterThan(0.4);
    assertThat(blue.crossings()).as("seven characters cross the middle often").isGreaterThan(8);

    BufferedImage blank = new BufferedImage(150, 40, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = blank.createGraphics();
    g.setColor(new Color(128, 128, 128));
    g.fillRect(0, 0, 150, 40);
    g.dispose();
    assertThat(verifier.accepts(PlateAppearance.of(blank))).as("a blank grey patch").isFalse();

    BufferedImage sign = new BufferedImage(150, 40, BufferedImage.TYPE_INT_RGB);
    g = sign.createGraphics();
    g.setColor(new Color(200, 30, 30));
    g.fillRect(0, 0, 150, 40);
    g.setColor(Color.WHITE);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 28));
    g.drawString("SALE", 35, 30);
    g.dispose();
    PlateAppearance red = PlateAppearance.of(sign);
    assertThat(red.otherColour()).isGreaterThan(0.5);
    assertThat(verifier.accepts(red)).as("a red sign: " + red).isFalse();
  }

  @Test
  void aVerifierIsWrittenAndReadBackAndAcceptAllAcceptsAnything(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("v.properties");
    PlateVerifier.bundled().write(file);
    PlateVerifier again = PlateVerifier.named(file.toString());
    BufferedImage crop =
        new PlateRenderer(PlateFonts.load()).render("沪B6789D", PlateType.BLUE, 48, new Random(1));
    PlateAppearance looks = PlateAppearance.of(crop);
    assertThat(again.score(looks))
        .isCloseTo(PlateVerifier.bundled().score(looks), org.assertj.core.data.Offset.offset(1e-4));
    assertThat(again.source()).isEqualTo(PlateVerifier.bundled().source());

    BufferedImage blank = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
    assertThat(PlateVerifier.named("none").accepts(PlateAppearance.of(blank))).isTrue();
  }

  @Test
  void badVerifierFilesAndNamesAreRefusedWithTheReason(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> PlateVerifier.named("nowhere.properties"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--plate-verifier nowhere.properties: not 'none', 'bundled' or an existing file");
    Path old = dir.resolve("old.properties");
    Files.writeString(old, "features=blue,yellow\nmean=0,0\n");
    assertThatThrownBy(() -> PlateVerifier.read(old))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the verifier was fitted on features [blue,yellow]");
    assertThatThrownBy(() -> PlateAppearance.of(new byte[5], 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a 2x2 crop needs 12 bytes");
  }

  private static BufferedImage rgb(BufferedImage image) {
    BufferedImage rgb =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    rgb.createGraphics().drawImage(image, 0, 0, null);
    return rgb;
  }
}
