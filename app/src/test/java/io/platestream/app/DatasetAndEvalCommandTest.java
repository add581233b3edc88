package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.training.eval.DatasetScoring;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DatasetAndEvalCommandTest {
  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int code = command.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void synthThenEvalOfAPartialPredictionGivesTheHandCountedScores() throws Exception {
    FontsAvailableAccess.require();
    Path data = dir.resolve("data");

    Run synth =
        run(
            "dataset",
            "synth",
            "--out",
            data.toString(),
            "--count",
            "6",
            "--seed",
            "3",
            "--width",
            "640",
            "--height",
            "360");
    assertThat(synth.exitCode()).as(synth.err()).isZero();
    assertThat(synth.out()).startsWith("Wrote 6 scenes");

    // Predict only the first half of the label lines, exactly: recall = plates in them / all
    // plates.
    List<String> labels = Files.readAllLines(data.resolve("det_labels.txt"));
    List<String> half = labels.subList(0, 3);
    Files.write(dir.resolve("pred.txt"), half);
    long predictedPlates = half.stream().mapToLong(l -> l.split("\"points\"").length - 1).sum();
    long allPlates = labels.stream().mapToLong(l -> l.split("\"points\"").length - 1).sum();

    Run eval =
        run(
            "eval",
            "--det-labels",
            data.resolve("det_labels.txt").toString(),
            "--det-predictions",
            dir.resolve("pred.txt").toString(),
            "--json",
            dir.resolve("metrics.json").toString());

    assertThat(eval.exitCode()).as(eval.err()).isZero();
    JsonNode metrics = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
    assertThat(metrics.get("detection").get("precision").asDouble()).isEqualTo(1.0);
    assertThat(metrics.get("detection").get("recall").asDouble())
        .isEqualTo((double) predictedPlates / allPlates);
    assertThat(metrics.get("images_without_predictions").asInt()).isEqualTo(3);
  }

  @Test
  void evalRunsThePretrainedModelsOnADataset() throws Exception {
    FontsAvailableAccess.require();
    Path data = dir.resolve("data");
    assertThat(
            run(
                    "dataset",
                    "synth",
                    "--out",
                    data.toString(),
                    "--count",
                    "5",
                    "--seed",
                    "8",
                    "--width",
                    "640",
                    "--height",
                    "360")
                .exitCode())
        .isZero();

    Path saved = dir.resolve("saved");
    Run eval =
        run(
            "eval",
            "--data",
            data.toString(),
            "--json",
            dir.resolve("m.json").toString(),
            "--save-predictions",
            saved.toString());

    assertThat(eval.exitCode()).as(eval.err()).isZero();
    assertThat(eval.out())
        .contains("evaluating detector pretrained-PP-OCRv4 and recognizer pretrained-PP-OCRv4");
    JsonNode metrics = new ObjectMapper().readTree(dir.resolve("m.json").toFile());
    long plates =
        Files.readAllLines(data.resolve("det_labels.txt")).stream()
            .mapToLong(l -> l.split("\"points\"").length - 1)
            .sum();
    assertThat(metrics.get("detection").get("ground_truths").asLong()).isEqualTo(plates);
    assertThat(metrics.get("end_to_end").get("ground_truths").asLong()).isEqualTo(plates);
    long readable = Files.readAllLines(data.resolve("rec_labels.txt")).size();
    long unreadable = Files.readAllLines(data.resolve("rec_labels_unreadable.txt")).size();
    assertThat(readable + unreadable).isEqualTo(plates);
    assertThat(metrics.get("recognition").get("samples").asLong()).isEqualTo(readable);
    // Unreadable plates are scored apart, and left out of the readable end-to-end figures.
    assertThat(metrics.get("recognition_unreadable").get("samples").asLong()).isEqualTo(unreadable);
    assertThat(metrics.get("end_to_end_readable").get("ground_truths").asLong())
        .isEqualTo(readable);
    assertThat(eval.out()).contains("end-to-end, readable plates precision");
    // What the pipeline emits: the plate decoder's valid readings among the same boxes.
    assertThat(eval.out()).contains("plates emitted precision", "crops per image");
    JsonNode emitted = metrics.get("plates_emitted");
    assertThat(emitted.get("ground_truths").asLong()).isEqualTo(plates);
    assertThat(emitted.get("predictions").asLong())
        .isLessThanOrEqualTo(metrics.get("end_to_end").get("predictions").asLong());
    // Every box the detector kept is a crop; end to end leaves out those on do-not-care regions.
    assertThat(metrics.get("crops_per_image").asDouble())
        .isGreaterThanOrEqualTo(metrics.get("end_to_end").get("predictions").asDouble() / 5);
    assertThat(metrics.get("recognition_plate_decoder").get("samples").asLong())
        .isEqualTo(readable);
    assertThat(metrics.get("detection").get("recall").asDouble()).isBetween(0.0, 1.0);
    assertThat(metrics.get("models").get("detector").asText()).isEqualTo("pretrained-PP-OCRv4");

    // The saved predictions score the same when given back to eval.
    Run again =
        run(
            "eval",
            "--det-labels",
            data.resolve("det_labels.txt").toString(),
            "--det-predictions",
            saved.resolve(DatasetScoring.DET_PREDICTIONS).toString(),
            "--rec-labels",
            data.resolve("rec_labels.txt").toString(),
            "--rec-predictions",
            saved.resolve(DatasetScoring.REC_PREDICTIONS).toString(),
            "--json",
            dir.resolve("again.json").toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
    JsonNode rescored = new ObjectMapper().readTree(dir.resolve("again.json").toFile());
    for (String metric : List.of("detection", "end_to_end", "recognition")) {
      assertThat(rescored.get(metric)).as(metric).isEqualTo(metrics.get(metric));
    }
  }

  @Test
  void evalWithoutInputsSaysWhatItNeeds() {
    Run eval = run("eval");
    assertThat(eval.exitCode()).isEqualTo(1);
    assertThat(eval.err()).contains("give --data", "--det-labels/--det-predictions");
  }

  @Test
  void evalNamesTheBadLine() throws Exception {
    Path labels = dir.resolve("labels.txt");
    Files.writeString(labels, "a.jpg\t[]\nbroken line\n");
    Run eval =
        run("eval", "--det-labels", labels.toString(), "--det-predictions", labels.toString());

    assertThat(eval.exitCode()).isEqualTo(1);
    assertThat(eval.err()).contains(labels + ":2:", "found no tab");

    Run skipping =
        run(
            "eval",
            "--skip-bad",
            "--det-labels",
            labels.toString(),
            "--det-predictions",
            labels.toString());
    assertThat(skipping.exitCode()).as(skipping.err()).isZero();
    assertThat(skipping.out()).contains("1 labels read, 1 skipped");
  }

  @Test
  void evalReadsCcpdNamedImagesAsTrainDoes() throws Exception {
    FontsAvailableAccess.require();
    Path data = dir.resolve("data");
    assertThat(
            run("dataset", "synth", "--out", data.toString(), "--count", "12", "--seed", "21")
                .exitCode())
        .isZero();
    Path ccpd = data.resolve("ccpd");
    long images;
    try (var files = Files.list(ccpd)) {
      images = files.filter(f -> f.toString().endsWith(".jpg")).count();
    }
    assertThat(images).as("dataset synth writes CCPD-named images").isPositive();

    Run eval =
        run(
            "eval",
            "--data",
            ccpd.toString(),
            "--format",
            "ccpd",
            "--json",
            dir.resolve("ccpd.json").toString());

    assertThat(eval.exitCode()).as(eval.err()).isZero();
    JsonNode metrics = new ObjectMapper().readTree(dir.resolve("ccpd.json").toFile());
    // One plate per CCPD image, its crop rectified from the corners in the name.
    assertThat(metrics.get("detection").get("ground_truths").asLong()).isEqualTo(images);
    assertThat(metrics.get("recognition").get("samples").asLong()).isEqualTo(images);
    assertThat(metrics.get("recognition_plate_decoder").get("acc").asDouble()).isBetween(0.0, 1.0);
  }

  @Test
  void anUnknownLabelFormatIsOneClearLine() {
    Run eval = run("eval", "--data", dir.toString(), "--format", "kitti");

    assertThat(eval.exitCode()).isEqualTo(1);
    assertThat(eval.err()).contains("--format must be paddle or ccpd, not kitti");
  }
}
