package io.platestream.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.datasets.SyntheticDatasetWriter;
import io.platestream.datasets.ccpd.CcpdName;
import io.platestream.datasets.ccpd.CcpdNames;
import io.platestream.datasets.geometry.Point2;
import io.platestream.datasets.paddle.DetectionLabel;
import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.SceneConfig;
import io.platestream.datasets.render.SceneRenderer;
import io.platestream.training.det.DetectorTraining;
import io.platestream.training.rec.RecognizerTraining;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both label formats the trainers read, from a dataset as {@code dataset synth} writes it. */
class LabelledDataTest {
  @TempDir static Path dir;

  @BeforeAll
  static void writeDataset() throws Exception {
    FontsAvailableAccess.require();
    new SyntheticDatasetWriter(
            new SceneRenderer(SceneConfig.defaults().withSize(640, 360), PlateFonts.load()))
        .write(dir, 12, 31);
  }

  @Test
  void ccpdImagesAreLabelledByTheirNames() throws Exception {
    Path ccpd = dir.resolve("ccpd");
    List<Path> images;
    try (var files = Files.list(ccpd)) {
      images = files.sorted().toList();
    }
    assertThat(images).isNotEmpty();

    List<DetectionLabel> detection = LabelledData.detection(ccpd, LabelledData.Format.CCPD);
    assertThat(detection).hasSize(images.size());
    CcpdName first = CcpdNames.parse(images.get(0).getFileName().toString());
    DetectionLabel label = detection.get(0);
    assertThat(label.imagePath()).isEqualTo(images.get(0).getFileName().toString());
    assertThat(label.regions()).hasSize(1);
    assertThat(label.regions().get(0).transcription()).isEqualTo(first.plate());
    assertThat(label.regions().get(0).polygon().points())
        .isEqualTo(first.cornersClockwiseFromTopLeft());

    DetectorTraining.Sample sample = LabelledData.detectionSample(ccpd, label);
    assertThat(sample.image().load().getWidth()).isEqualTo(640);
    assertThat(sample.plates()).containsExactly(first.cornersClockwiseFromTopLeft());

    List<RecognizerTraining.Sample> crops =
        LabelledData.recognition(ccpd, LabelledData.Format.CCPD);
    assertThat(crops).hasSize(images.size());
    assertThat(crops.get(0).text()).isEqualTo(first.plate());
    BufferedImage crop = crops.get(0).crop().load();
    List<Point2> corners = first.cornersClockwiseFromTopLeft();
    // Rectified to the plate's own size: as wide as its longer horizontal edge.
    assertThat(crop.getWidth())
        .isEqualTo(
            (int)
                Math.max(
                    distance(corners.get(0), corners.get(1)),
                    distance(corners.get(2), corners.get(3))));
  }

  @Test
  void paddleLabelsGiveEveryRegionAndCrop() throws Exception {
    List<DetectionLabel> detection = LabelledData.detection(dir, LabelledData.Format.PADDLE);
    assertThat(detection).hasSize(12);
    List<RecognizerTraining.Sample> crops =
        LabelledData.recognition(dir, LabelledData.Format.PADDLE);
    assertThat(crops).hasSize(Files.readAllLines(dir.resolve("rec_labels.txt")).size());
    assertThat(crops.get(0).crop().load().getHeight()).isPositive();
  }

  @Test
  void aFileThatIsNotACcpdNameOrAMissingLabelFileIsNamed(@TempDir Path other) throws Exception {
    Files.write(other.resolve("holiday.jpg"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> LabelledData.detection(other, LabelledData.Format.CCPD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holiday.jpg is not named as CCPD labels its images");
    assertThatThrownBy(() -> LabelledData.recognition(other, LabelledData.Format.PADDLE))
        .hasMessageContaining("no rec_labels.txt in " + other)
        .hasMessageContaining("--format ccpd");
    assertThatThrownBy(() -> LabelledData.Format.parse("coco"))
        .hasMessageContaining("--format must be paddle or ccpd, not coco");
    Path empty = Files.createDirectory(other.resolve("empty"));
    assertThatThrownBy(() -> LabelledData.detection(empty, LabelledData.Format.CCPD))
        .hasMessageContaining("no CCPD .jpg images under");
  }

  private static double distance(Point2 a, Point2 b) {
    return Math.hypot(a.x() - b.x(), a.y() - b.y());
  }
}
