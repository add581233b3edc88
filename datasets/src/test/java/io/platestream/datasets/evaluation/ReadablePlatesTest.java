package io.platestream.datasets.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.datasets.SyntheticDatasetWriter;
import io.platestream.datasets.geometry.Point2;
import io.platestream.datasets.geometry.Polygon;
import io.platestream.datasets.paddle.DetectionLabel;
import io.platestream.datasets.paddle.PaddleLabels;
import io.platestream.datasets.paddle.RecognitionLabel;
import io.platestream.datasets.paddle.TextRegion;
import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.SceneConfig;
import io.platestream.datasets.render.SceneRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadablePlatesTest {
  @TempDir Path dir;

  @Test
  void exactlyThePlatesWithUnreadableCropsBecomeDoNotCare() throws Exception {
    FontsAvailableAccess.require();
    SyntheticDatasetWriter.Summary summary =
        new SyntheticDatasetWriter(
                new SceneRenderer(SceneConfig.defaults().withSize(640, 360), PlateFonts.load()))
            .write(dir, 12, 5);
    List<DetectionLabel> labels =
        PaddleLabels.readDetection(dir.resolve("det_labels.txt"), false).labels();
    Set<String> unreadableCrops =
        PaddleLabels.readRecognition(dir.resolve(SyntheticDatasetWriter.UNREADABLE_LABELS), false)
            .labels()
            .stream()
            .map(RecognitionLabel::imagePath)
            .collect(Collectors.toSet());

    List<DetectionLabel> marked = ReadablePlates.read(dir).unreadableAsDoNotCare(labels);

    assertThat(summary.unreadable()).isPositive();
    assertThat(marked).hasSize(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      for (int k = 0; k < labels.get(i).regions().size(); k++) {
        TextRegion before = labels.get(i).regions().get(k), after = marked.get(i).regions().get(k);
        boolean unreadable = unreadableCrops.contains(SyntheticDatasetWriter.cropPath(i, k));
        assertThat(after.ignored()).isEqualTo(unreadable);
        assertThat(after.transcription()).isEqualTo(unreadable ? "###" : before.transcription());
        assertThat(after.polygon()).isEqualTo(before.polygon());
      }
    }
  }

  @Test
  void scenesWrittenBeforeTheFlagCountAsReadable() throws Exception {
    Files.writeString(
        dir.resolve("scenes.jsonl"), "{\"image\":\"images/000000.jpg\",\"plates\":[{}]}\n");
    Polygon box =
        new Polygon(
            List.of(new Point2(0, 0), new Point2(90, 0), new Point2(90, 30), new Point2(0, 30)));
    DetectionLabel label =
        new DetectionLabel("images/000000.jpg", List.of(new TextRegion(box, "京A12345")));

    List<DetectionLabel> marked = ReadablePlates.read(dir).unreadableAsDoNotCare(List.of(label));

    assertThat(marked.get(0).regions().get(0).transcription()).isEqualTo("京A12345");
  }

  @Test
  void aFolderWithoutScenesIsRefusedByName() {
    assertThatThrownBy(() -> ReadablePlates.read(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("scenes.jsonl not found");
  }
}
