package io.platestream.datasets.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.datasets.SyntheticDatasetWriter;
import io.platestream.datasets.metrics.RecognitionMetrics;
import io.platestream.datasets.paddle.PaddleLabels;
import io.platestream.datasets.paddle.RecognitionLabel;
import io.platestream.datasets.plates.PlateType;
import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.SceneConfig;
import io.platestream.datasets.render.SceneRenderer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CropSlicesTest {
  @TempDir Path dir;

  @Test
  void aPlatesSlicesAreItsTypeAndItsHardCasesOrClean() {
    assertThat(CropSlices.of(PlateType.GREEN_SMALL, true, false, false))
        .containsExactly("GREEN_SMALL", CropSlices.GREEN_8, CropSlices.BLUR);
    assertThat(CropSlices.of(PlateType.BLUE, false, true, true))
        .containsExactly("BLUE", CropSlices.TILT, CropSlices.LOW_LIGHT);
    assertThat(CropSlices.of(PlateType.YELLOW, false, false, false))
        .containsExactly("YELLOW", CropSlices.CLEAN);
  }

  @Test
  void everyCropOfASyntheticSetIsSlicedByTheTypeItsTextHas() throws IOException {
    List<RecognitionLabel> labels = synth();
    CropSlices slices = CropSlices.read(dir);

    for (RecognitionLabel label : labels) {
      List<String> of = slices.of(label.imagePath());
      PlateType type = PlateType.valueOf(of.get(0));
      assertThat(type.accepts(label.text())).as(label.toString()).isTrue();
      assertThat(of.contains(CropSlices.GREEN_8))
          .isEqualTo(label.text().codePointCount(0, label.text().length()) == 8);
      boolean hard =
          of.contains(CropSlices.BLUR)
              || of.contains(CropSlices.TILT)
              || of.contains(CropSlices.LOW_LIGHT);
      assertThat(of.contains(CropSlices.CLEAN)).isNotEqualTo(hard);
    }
  }

  @Test
  void theBreakdownScoresEachSliceOnItsOwnCrops() throws IOException {
    List<RecognitionLabel> labels = synth();
    CropSlices slices = CropSlices.read(dir);
    RecognitionBreakdown breakdown = new RecognitionBreakdown(slices);
    Map<String, int[]> rightAndTotal = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      RecognitionLabel label = labels.get(i);
      boolean right = i % 3 != 0;
      breakdown.add(label.imagePath(), right ? label.text() : "", label.text());
      for (String slice : slices.of(label.imagePath())) {
        int[] counts = rightAndTotal.computeIfAbsent(slice, s -> new int[2]);
        counts[0] += right ? 1 : 0;
        counts[1]++;
      }
    }

    Map<String, RecognitionMetrics> result = breakdown.result();

    assertThat(result.keySet()).containsExactlyInAnyOrderElementsOf(rightAndTotal.keySet());
    assertThat(result).containsKeys(CropSlices.GREEN_8, CropSlices.CLEAN);
    result.forEach(
        (slice, m) -> {
          int[] counts = rightAndTotal.get(slice);
          assertThat(m.samples()).as(slice).isEqualTo(counts[1]);
          assertThat(m.accuracy()).as(slice).isEqualTo((double) counts[0] / counts[1]);
        });
  }

  @Test
  void aCropTheManifestDoesNotDescribeIsAnError() throws IOException {
    synth();
    CropSlices slices = CropSlices.read(dir);

    assertThatThrownBy(() -> slices.of("rec/999999_0.jpg"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rec/999999_0.jpg is not a crop described in scenes.jsonl");
    assertThatThrownBy(() -> CropSlices.read(dir.resolve("elsewhere")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("scenes.jsonl not found");
  }

  private List<RecognitionLabel> synth() throws IOException {
    FontsAvailableAccess.require();
    new SyntheticDatasetWriter(
            new SceneRenderer(SceneConfig.defaults().withSize(640, 360), PlateFonts.load()))
        .write(dir, 30, 5);
    return PaddleLabels.readRecognition(dir.resolve("rec_labels.txt"), false).labels();
  }
}
