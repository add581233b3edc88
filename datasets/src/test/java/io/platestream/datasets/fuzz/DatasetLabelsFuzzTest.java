package io.platestream.datasets.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.datasets.LabelFormatException;
import io.platestream.datasets.ccpd.CcpdNames;
import io.platestream.datasets.evaluation.CropSlices;
import io.platestream.datasets.evaluation.ReadablePlates;
import io.platestream.datasets.paddle.PaddleLabels;
import io.platestream.testing.FuzzRun;
import io.platestream.testing.TextMutations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded fuzzing of the dataset formats read from outside (people bring their own PaddleOCR label
 * files, CCPD folders and synthetic sets): thousands of seeded mutations of a valid label each,
 * which must be accepted or refused with the format's own error naming the file and line.
 */
class DatasetLabelsFuzzTest {
  private static final String DETECTION_LINE =
      "images/0001.jpg\t[{\"transcription\":\"皖A12345\",\"points\":[[10,20],[110,22],[109,52],"
          + "[9,50]]},{\"transcription\":\"###\",\"points\":[[0.5,0],[30,0],[30,10],[0,10]]}]";
  private static final String RECOGNITION_LINE = "crops/000001_0.jpg\t皖A12345";
  private static final String CCPD_NAME =
      "025-95_113-154&383_386&473-386&473_177&454_154&383_363&402-0_0_22_27_27_33_16-37-15.jpg";
  private static final String SCENE_LINE =
      "{\"image\":\"images/000007.jpg\",\"conditions\":{\"motionBlur\":true,\"night\":false},"
          + "\"plates\":[{\"type\":\"BLUE\",\"horizontalTiltDeg\":12.5,\"verticalTiltDeg\":-3,"
          + "\"legible\":true},{\"type\":\"GREEN_SMALL\",\"legible\":false}]}";
  private static final String JSON_ALPHABET = "\t \n{}[]\",:.-+eE0123456789#\\皖Ana";

  @Test
  void paddleLabelLinesParseOrAreRefusedWithTheirFileAndLine() {
    PaddleLabels.Location where = new PaddleLabels.Location("det.txt", 7);
    FuzzRun.Outcome detection =
        FuzzRun.run(
            "PaddleOCR detection label",
            32,
            4_000,
            random -> TextMutations.mutate(DETECTION_LINE, random, JSON_ALPHABET),
            line -> PaddleLabels.parseDetection(line, where),
            LabelFormatException.class,
            message -> message.startsWith("det.txt:7: "));
    FuzzRun.Outcome recognition =
        FuzzRun.run(
            "PaddleOCR recognition label",
            33,
            2_000,
            random -> TextMutations.mutate(RECOGNITION_LINE, random, JSON_ALPHABET),
            line -> PaddleLabels.parseRecognition(line, where),
            LabelFormatException.class,
            message -> message.startsWith("det.txt:7: "));
    assertThat(detection.crashes()).isEmpty();
    assertThat(recognition.crashes()).isEmpty();
    assertThat(detection.refused()).isPositive();
  }

  @Test
  void ccpdFileNamesParseOrAreRefusedWithTheName() {
    FuzzRun.Outcome outcome =
        FuzzRun.run(
            "CCPD file name",
            34,
            4_000,
            random -> TextMutations.mutate(CCPD_NAME, random, "-_&.0123456789jpg/"),
            CcpdNames::parse,
            LabelFormatException.class,
            message -> message.contains("not a CCPD file name"));
    assertThat(outcome.crashes()).isEmpty();
    assertThat(outcome.refused()).isPositive();
  }

  @Test
  void sceneManifestsParseOrAreRefusedWithTheirLine(@TempDir Path dir) {
    Path manifest = dir.resolve("scenes.jsonl");
    FuzzRun.Outcome outcome =
        FuzzRun.run(
            "scene manifest",
            35,
            3_000,
            random -> TextMutations.mutate(SCENE_LINE, random, JSON_ALPHABET + "GREEN_SMALL"),
            line -> {
              Files.writeString(manifest, line + "\n");
              CropSlices.read(dir);
              ReadablePlates.read(dir);
            },
            IOException.class,
            message -> message.startsWith(manifest + " line 1: "));
    assertThat(outcome.crashes()).isEmpty();
    assertThat(outcome.refused()).isPositive();
  }
}
