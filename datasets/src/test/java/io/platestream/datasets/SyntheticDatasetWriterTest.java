package io.platestream.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platestream.datasets.ccpd.CcpdName;
import io.platestream.datasets.ccpd.CcpdNames;
import io.platestream.datasets.geometry.Point2;
import io.platestream.datasets.paddle.DetectionLabel;
import io.platestream.datasets.paddle.PaddleLabels;
import io.platestream.datasets.paddle.RecognitionLabel;
import io.platestream.datasets.paddle.TextRegion;
import io.platestream.datasets.render.Legibility;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.SceneConfig;
import io.platestream.datasets.render.SceneRenderer;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDatasetWriterTest {
  private static SyntheticDatasetWriter writer;
  @TempDir Path dir;

  @BeforeAll
  static void setUp() {
    io.platestream.datasets.render.FontsAvailableAccess.require();
    writer =
        new SyntheticDatasetWriter(
            new SceneRenderer(SceneConfig.defaults().withSize(640, 360), PlateFonts.load()));
  }

  @Test
  void sameSeedSameBytes() throws Exception {
    writer.write(dir.resolve("a"), 4, 77);
    writer.write(dir.resolve("b"), 4, 77);
    writer.write(dir.resolve("c"), 4, 78);

    List<Path> files = files(dir.resolve("a"));
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      Path twin = dir.resolve("b").resolve(dir.resolve("a").relativize(file));
      assertThat(Files.mismatch(file, twin)).as(file.toString()).isEqualTo(-1L);
    }
    assertThat(
            Files.mismatch(dir.resolve("a/images/000000.jpg"), dir.resolve("c/images/000000.jpg")))
        .isNotEqualTo(-1L);
  }

  @Test
  void labelsInEveryFormatDescribeTheSameScenes() throws Exception {
    SyntheticDatasetWriter.Summary summary = writer.write(dir, 16, 3);
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> scenes =
        Files.readAllLines(dir.resolve("scenes.jsonl")).stream()
            .map(line -> read(json, line))
            .toList();
    List<DetectionLabel> det =
        PaddleLabels.readDetection(dir.resolve("det_labels.txt"), false).labels();
    List<RecognitionLabel> rec =
        PaddleLabels.readRecognition(dir.resolve("rec_labels.txt"), false).labels();

    assertThat(scenes).hasSize(16);
    assertThat(det).hasSize(16);
    assertThat(rec).hasSize(summary.crops());
    List<RecognitionLabel> unreadable =
        PaddleLabels.readRecognition(dir.resolve(SyntheticDatasetWriter.UNREADABLE_LABELS), false)
            .labels();
    assertThat(unreadable).hasSize(summary.unreadable());
    // Small 640 x 360 scenes with plates from 60 px wide hold both kinds.
    assertThat(summary.unreadable()).isPositive();
    assertThat(summary.crops()).isPositive();
    assertThat(summary.crops() + summary.unreadable()).isEqualTo(summary.plates());
    List<String> cropsOfReadablePlates = new ArrayList<>();
    List<String> cropsOfUnreadablePlates = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      JsonNode plates = scenes.get(i).get("plates");
      assertThat(det.get(i).regions()).hasSize(plates.size());
      for (int k = 0; k < plates.size(); k++) {
        JsonNode plate = plates.get(k);
        TextRegion region = det.get(i).regions().get(k);
        boolean legible = plate.get("legible").asBoolean();
        // Unreadable plates keep their text for the detector's labels: it should find them too.
        assertThat(region.transcription()).isEqualTo(plate.get("text").asText());
        assertThat(legible)
            .isEqualTo(
                plate.get("characterHeightPx").asDouble() >= Legibility.MIN_CHARACTER_HEIGHT_PX
                    && blurPx(scenes.get(i).get("conditions"))
                        <= Legibility.MAX_BLUR_SHARE * plate.get("characterHeightPx").asDouble());
        assertThat(region.polygon().points().get(0).x())
            .isEqualTo(plate.get("points").get(0).get(0).asDouble());
        (legible ? cropsOfReadablePlates : cropsOfUnreadablePlates)
            .add(SyntheticDatasetWriter.cropPath(i, k));
      }
    }
    assertThat(rec.stream().map(RecognitionLabel::imagePath).toList())
        .containsExactlyElementsOf(cropsOfReadablePlates);
    assertThat(unreadable.stream().map(RecognitionLabel::imagePath).toList())
        .containsExactlyElementsOf(cropsOfUnreadablePlates);
    for (RecognitionLabel label : rec) {
      BufferedImage crop = ImageIO.read(dir.resolve(label.imagePath()).toFile());
      assertThat(crop.getWidth()).as(label.imagePath()).isGreaterThan(crop.getHeight());
    }
  }

  @Test
  void generatedCcpdNamesParseBackToTheGroundTruth() throws Exception {
    SyntheticDatasetWriter.Summary summary = writer.write(dir, 24, 9);
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> scenes =
        Files.readAllLines(dir.resolve("scenes.jsonl")).stream()
            .map(line -> read(json, line))
            .toList();

    List<Path> ccpd = files(dir.resolve("ccpd"));
    assertThat(ccpd).hasSize(summary.ccpdImages()).isNotEmpty();
    for (Path file : ccpd) {
      CcpdName name = CcpdNames.parse(file.getFileName().toString());
      JsonNode scene =
          scenes.stream()
              .filter(
                  s ->
                      s.get("plates").size() == 1
                          && s.get("plates").get(0).get("text").asText().equals(name.plate()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no scene with plate " + name.plate()));
      JsonNode points = scene.get("plates").get(0).get("points");
      // CCPD starts at the bottom-right corner: ground-truth index 2.
      assertThat(name.vertices().get(0))
          .isEqualTo(
              new Point2(
                  Math.round(points.get(2).get(0).asDouble()),
                  Math.round(points.get(2).get(1).asDouble())));
      assertThat(name.cornersClockwiseFromTopLeft().get(0))
          .isEqualTo(
              new Point2(
                  Math.round(points.get(0).get(0).asDouble()),
                  Math.round(points.get(0).get(1).asDouble())));
      assertThat(name.horizontalTilt())
          .isEqualTo(
              (int)
                  Math.round(90 + scene.get("plates").get(0).get("horizontalTiltDeg").asDouble()));
      assertThat(Files.mismatch(file, dir.resolve(scene.get("image").asText()))).isEqualTo(-1L);
    }
  }

  private static int blurPx(JsonNode conditions) {
    int radius = conditions.get("defocusRadiusPx").asInt();
    return conditions.get("motionBlurPx").asInt() + (radius > 0 ? 2 * radius + 1 : 0);
  }

  private static JsonNode read(ObjectMapper json, String line) {
    try {
      return json.readTree(line);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<Path> files(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
