package io.platestream.datasets.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platestream.datasets.geometry.Homography;
import io.platestream.datasets.geometry.Point2;
import io.platestream.datasets.plates.PlateType;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clip written with FFmpeg and read back with FFmpeg: frames, timing and ground truth agree. */
class TrafficClipWriterTest {
  private static final List<Point2> UNIT_SQUARE =
      List.of(new Point2(0, 0), new Point2(1, 0), new Point2(1, 1), new Point2(0, 1));
  private static TrafficClipRenderer renderer;
  @TempDir Path dir;

  @BeforeAll
  static void setUp() {
    FontsAvailable.require();
    SceneConfig blueOnly =
        new SceneConfig(
            640, 360, 1, 60, 0.35, 20, 15, 5, 2, List.of(PlateType.BLUE), 0, 0, 0, 0, 95);
    renderer = new TrafficClipRenderer(new SceneRenderer(blueOnly, PlateFonts.load()));
  }

  @Test
  void clipDecodesToItsFramesWithGroundTruthOnThePlates() throws Exception {
    TrafficClip clip = renderer.plan(21, 10, 2);
    Path mp4 = dir.resolve("clip.mp4");

    new TrafficClipWriter(renderer).write(clip, mp4);

    List<BufferedImage> decoded = new ArrayList<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(mp4.toFile());
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      grabber.start();
      assertThat(grabber.getImageWidth()).isEqualTo(640);
      assertThat(grabber.getImageHeight()).isEqualTo(360);
      assertThat(grabber.getVideoCodecName()).contains("h264");
      Frame frame;
      while ((frame = grabber.grabImage()) != null) {
        BufferedImage image = converter.convert(frame);
        BufferedImage copy =
            new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        copy.getGraphics().drawImage(image, 0, 0, null);
        decoded.add(copy);
      }
    }
    assertThat(decoded).hasSize(clip.frameCount());

    List<String> frameLines = Files.readAllLines(dir.resolve("clip.frames.jsonl"));
    assertThat(frameLines).hasSize(clip.frameCount());
    ObjectMapper json = new ObjectMapper();
    int checked = 0;
    for (int i = 0; i < clip.frameCount(); i++) {
      JsonNode line = json.readTree(frameLines.get(i));
      assertThat(line.get("frame").asInt()).isEqualTo(i);
      for (JsonNode plate : line.get("plates")) {
        List<Point2> corners = new ArrayList<>();
        plate
            .get("points")
            .forEach(p -> corners.add(new Point2(p.get(0).asDouble(), p.get(1).asDouble())));
        assertThat(meanBlueMinusRed(decoded.get(i), corners))
            .as("frame %d plate %s", i, plate.get("plate").asText())
            .isGreaterThan(30);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(clip.frameCount() / 2);

    JsonNode passes = json.readTree(dir.resolve("clip.passes.json").toFile()).get("passes");
    assertThat(passes).hasSize(2);
    assertThat(passes.get(1).get("firstFrame").asInt())
        .isGreaterThan(passes.get(0).get("lastFrame").asInt());
    assertThat(passes.get(0).get("plate").asText()).isEqualTo(clip.passes().get(0).plate());
  }

  @Test
  void platesGrowAsVehiclesApproach() {
    TrafficClip clip = renderer.plan(5, 10, 1);
    TrafficClip.Pass pass = clip.passes().get(0);
    double first = width(renderer.groundTruth(clip, pass.firstFrame()).get(0).corners());
    double last = width(renderer.groundTruth(clip, pass.lastFrame()).get(0).corners());

    assertThat(last).isGreaterThan(first * 2);
    assertThat(renderer.groundTruth(clip, pass.lastFrame() + 1)).isEmpty();
  }

  private static double width(List<Point2> c) {
    return Math.hypot(c.get(1).x() - c.get(0).x(), c.get(1).y() - c.get(0).y());
  }

  private static long meanBlueMinusRed(BufferedImage image, List<Point2> corners) {
    Homography unitToPlate = Homography.fromQuads(UNIT_SQUARE, corners);
    long red = 0, blue = 0, n = 0;
    for (double u = 0.1; u <= 0.9; u += 0.1) {
      for (double v = 0.15; v <= 0.85; v += 0.1) {
        Point2 p = unitToPlate.apply(u, v);
        int x = (int) Math.max(0, Math.min(image.getWidth() - 1, p.x())),
            y = (int) Math.max(0, Math.min(image.getHeight() - 1, p.y()));
        int rgb = image.getRGB(x, y);
        red += (rgb >> 16) & 0xff;
        blue += rgb & 0xff;
        n++;
      }
    }
    return (blue - red) / n;
  }
}
