package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.testing.EmbeddedPlatformExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code platestream train rec} end to end: a synthetic dataset, a short fine-tune from the
 * registry's production recogniser, the file and its metrics log written, the version published as
 * a candidate with its parent, metrics and training settings, and the gate's verdict.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class TrainCommandTest {

  @Test
  void aFineTunedRecogniserIsPublishedAsACandidateAndTheGateSaysWhy(
      EmbeddedPlatform platform, @TempDir Path dir) throws Exception {
    FontsAvailableAccess.require();
    Path data = dir.resolve("data");
    run(
        "dataset",
        "synth",
        "--out",
        data.toString(),
        "--count",
        "12",
        "--seed",
        "21",
        "--width",
        "640",
        "--height",
        "360");
    Path out = dir.resolve("out");

    String console =
        run(
            "train",
            "rec",
            "--data",
            data.toString(),
            "--epochs",
            "1",
            "--batch",
            "8",
            "--out",
            out.toString(),
            "--publish",
            "--margin",
            "1.0",
            "--bootstrap-servers",
            platform.bootstrapServers(),
            "--schema-registry",
            platform.schemaRegistryUrl());

    assertThat(console)
        .containsPattern("training on \\d+ crops, validating on \\d+ from v\\d+; before: accuracy");
    assertThat(Files.size(out.resolve("rec.onnx"))).isGreaterThan(10_000_000);
    assertThat(Files.readAllLines(out.resolve("metrics.jsonl")))
        .first()
        .asString()
        .contains("\"loss\"");
    Matcher published =
        Pattern.compile("published plate-recognizer v(\\d+) as a candidate \\(parent v1\\)")
            .matcher(console);
    assertThat(published.find()).as(console).isTrue();
    String version = published.group(1);
    // A margin of 1.0 cannot be met: the gate keeps it a candidate and says why.
    assertThat(console).contains("v" + version + " stays a candidate: accuracy");
    String shown =
        run(
            "models",
            "show",
            "plate-recognizer",
            version,
            "--bootstrap-servers",
            platform.bootstrapServers(),
            "--schema-registry",
            platform.schemaRegistryUrl());
    assertThat(shown)
        .contains("\"status\": \"CANDIDATE\"")
        .contains("\"parentVersion\": 1")
        .contains("\"epochs\": \"1\"")
        .contains("\"accuracy\":");
  }

  @Test
  void theDetectorFineTunesOnDetectionLabelsAndIsScoredAsTheStageRunsIt(@TempDir Path dir)
      throws Exception {
    FontsAvailableAccess.require();
    Path data = dir.resolve("data");
    run(
        "dataset",
        "synth",
        "--out",
        data.toString(),
        "--count",
        "6",
        "--seed",
        "5",
        "--width",
        "640",
        "--height",
        "360");
    Path out = dir.resolve("out");

    String console =
        run(
            "train",
            "det",
            "--data",
            data.toString(),
            "--epochs",
            "1",
            "--batch",
            "2",
            "--out",
            out.toString());

    assertThat(console)
        .containsPattern(
            "training on 4 images, validating on 2 from v1; before: hmean [0-9.]+  precision")
        .containsPattern("after \\d+ s: hmean [0-9.]+")
        .contains("step 1  loss");
    assertThat(Files.size(out.resolve("det.onnx"))).isGreaterThan(4_000_000);
    java.awt.image.BufferedImage chart =
        javax.imageio.ImageIO.read(out.resolve("metrics.png").toFile());
    assertThat(chart.getWidth()).isEqualTo(800);
    assertThat(chart.getHeight()).isEqualTo(400);
  }

  private static String run(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    assertThat(command.execute(arguments)).as(err + "\n" + out).isZero();
    return out.toString();
  }
}
