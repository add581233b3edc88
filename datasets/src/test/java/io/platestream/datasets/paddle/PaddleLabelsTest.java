package io.platestream.datasets.paddle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.datasets.LabelFormatException;
import io.platestream.datasets.LabelReadResult;
import io.platestream.datasets.geometry.Polygon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaddleLabelsTest {
  @TempDir Path dir;

  @Test
  void detectionLabelsRoundTrip() throws Exception {
    List<DetectionLabel> labels =
        List.of(
            new DetectionLabel(
                "images/0001.jpg",
                List.of(
                    new TextRegion(Polygon.of(10, 20, 110, 22, 109, 52, 9, 50), "皖A12345"),
                    new TextRegion(Polygon.of(0.5, 0, 30, 0, 30, 10, 0, 10), "###"))),
            new DetectionLabel("images/0002.jpg", List.of()));
    Path file = dir.resolve("det.txt");

    PaddleLabels.writeDetection(file, labels);

    assertThat(Files.readAllLines(file).get(0))
        .isEqualTo(
            "images/0001.jpg\t[{\"transcription\":\"皖A12345\",\"points\":[[10,20],[110,22],[109,52],[9,50]]},"
                + "{\"transcription\":\"###\",\"points\":[[0.5,0],[30,0],[30,10],[0,10]]}]");
    LabelReadResult<DetectionLabel> back = PaddleLabels.readDetection(file, false);
    assertThat(back.labels()).isEqualTo(labels);
    assertThat(back.labels().get(0).regions().get(1).ignored()).isTrue();
  }

  @Test
  void recognitionLabelsRoundTrip() throws Exception {
    List<RecognitionLabel> labels =
        List.of(
            new RecognitionLabel("crops/a.jpg", "皖A12345"),
            new RecognitionLabel("crops/b.jpg", "粤BD12345"));
    Path file = dir.resolve("rec.txt");

    PaddleLabels.writeRecognition(file, labels);

    assertThat(Files.readString(file)).isEqualTo("crops/a.jpg\t皖A12345\ncrops/b.jpg\t粤BD12345\n");
    assertThat(PaddleLabels.readRecognition(file, false).labels()).isEqualTo(labels);
  }

  @Test
  void strictReadingStopsAtTheFirstBadLineNamingFileAndLine() throws Exception {
    Path file = dir.resolve("det.txt");
    Files.writeString(
        file, "a.jpg\t[]\n\nb.jpg\t[{\"points\": [[0,0],[1,0]], \"transcription\": \"x\"}]\n");

    assertThatThrownBy(() -> PaddleLabels.readDetection(file, false))
        .isInstanceOf(LabelFormatException.class)
        .hasMessage(file + ":3: region 1 needs 'points' with at least 3 [x, y] pairs")
        .satisfies(e -> assertThat(((LabelFormatException) e).line()).isEqualTo(3));
  }

  @Test
  void skipBadModeCountsAndReportsBadLines() throws Exception {
    Path file = dir.resolve("det.txt");
    Files.writeString(
        file,
        String.join(
            "\n",
            "good.jpg\t[{\"points\": [[0,0],[9,0],[9,3],[0,3]], \"transcription\": \"皖A12345\"}]",
            "no-tab-here.jpg [{}]",
            "bad-json.jpg\t[{\"points\": ",
            "bad-point.jpg\t[{\"points\": [[0,0],[1],[2,2]], \"transcription\": \"x\"}]",
            "\t[]",
            "good2.jpg\t[]"));

    LabelReadResult<DetectionLabel> result = PaddleLabels.readDetection(file, true);

    assertThat(result.labels())
        .extracting(DetectionLabel::imagePath)
        .containsExactly("good.jpg", "good2.jpg");
    assertThat(result.skipped()).extracting(LabelFormatException::line).containsExactly(2, 3, 4, 5);
    assertThat(result.skipped().get(0)).hasMessageContaining("found no tab");
    assertThat(result.skipped().get(1)).hasMessageContaining("not valid JSON");
    assertThat(result.skipped().get(2)).hasMessageContaining("not [x, y]: [1]");
    assertThat(result.skipped().get(3)).hasMessageContaining("image path before the tab is empty");
    assertThat(result.summary()).startsWith("2 labels read, 4 skipped (first: " + file + ":2:");
  }

  @Test
  void emptyRecognitionTextIsRefused() throws Exception {
    Path file = dir.resolve("rec.txt");
    Files.writeString(file, "a.jpg\t\n");

    assertThatThrownBy(() -> PaddleLabels.readRecognition(file, false))
        .hasMessageContaining(":1: empty transcription for a.jpg");
  }
}
