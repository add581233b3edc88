package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.datasets.paddle.PaddleLabels;
import io.platestream.datasets.paddle.RecognitionLabel;
import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.LabelVerdict;
import io.platestream.schemas.PlateLabel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code platestream retrain --once} on a cluster holding operators' labels: the first check runs a
 * real round ({@code train rec --labels --publish} from production, one short epoch), the second
 * finds no new labels; where the loop stands is kept between the two.
 */
class RetrainCommandTest {
  @TempDir Path dir;

  @Test
  void aRoundRunsOnEnoughNewLabelsAndTheNextCheckWaitsForMore() throws Exception {
    FontsAvailableAccess.require();
    Path data = dir.resolve("data");
    assertThat(run("dataset", "synth", "--out", data.toString(), "--count", "8", "--seed", "61"))
        .isZero();
    Path site = dir.resolve("site");
    assertThat(run("dataset", "synth", "--out", site.toString(), "--count", "16", "--seed", "62"))
        .isZero();
    List<RecognitionLabel> crops =
        PaddleLabels.readRecognition(site.resolve("rec_labels.txt"), false).labels();
    List<PlateLabel> labels = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      labels.add(
          TrainCommandTest.siteLabel(
              i,
              LabelVerdict.CORRECTED,
              crops.get(i).text(),
              Files.readAllBytes(site.resolve(crops.get(i).imagePath()))));
    }
    Path out = dir.resolve("retrain");
    try (EmbeddedPlatform platform = EmbeddedPlatform.start()) {
      TrainCommandTest.publishLabels(platform, labels);
      String[] check = {
        "retrain",
        "--once",
        "--data",
        data.toString(),
        "--every-labels",
        "10",
        "--shadow-inputs",
        "0",
        "--train-option=--epochs=1",
        "--train-option=--batch=4",
        "--out",
        out.toString(),
        "--bootstrap-servers",
        platform.bootstrapServers(),
        "--schema-registry",
        platform.schemaRegistryUrl()
      };
      StringWriter first = new StringWriter();
      assertThat(run(first, check)).as(first.toString()).isZero();
      first.toString().lines().filter(l -> l.contains(" retrain: ")).forEach(System.out::println);
      assertThat(first.toString())
          .contains("retrain: round 1: platestream train rec --data " + data)
          .contains("--labels --from production --publish --out " + out.resolve("round-1"))
          .contains("site labels: ")
          .containsPattern(
              "retrain: round 1 on 12 labels: (v2 promoted by the quality gate|v2 stays a"
                  + " candidate|no checkpoint beat production, nothing published)");

      if (!first.toString().contains("nothing published")) {
        // The model card says how many of the site's labels the round learnt from and was judged
        // on.
        StringWriter card = new StringWriter();
        assertThat(
                run(
                    card,
                    "models",
                    "show",
                    "plate-recognizer",
                    "2",
                    "--bootstrap-servers",
                    platform.bootstrapServers(),
                    "--schema-registry",
                    platform.schemaRegistryUrl()))
            .isZero();
        assertThat(card.toString())
            .contains("\"site_labels_validating\": \"3\"")
            .containsPattern("\"site_labels_trained\": \"\\d+\"");
      }

      StringWriter second = new StringWriter();
      assertThat(run(second, check)).isZero();
      assertThat(second.toString())
          .contains("retrain: 12 plate labels, 0 new since the last round; a round starts at 10");
    }
    Properties state = new Properties();
    try (var in = Files.newBufferedReader(out.resolve("retrain-state.properties"))) {
      state.load(in);
    }
    assertThat(state.getProperty("round")).isEqualTo("1");
    assertThat(state.getProperty("labels")).isEqualTo("12");

    StringWriter refused = new StringWriter();
    assertThat(run(refused, "retrain", "--once", "--data", data.toString())).isNotZero();
    assertThat(refused.toString()).contains("name its cluster with --bootstrap-servers");
  }

  private static int run(String... arguments) {
    return run(new StringWriter(), arguments);
  }

  private static int run(StringWriter console, String... arguments) {
    CommandLine command = PlateStreamCommand.commandLine();
    command.setOut(new PrintWriter(console, true));
    command.setErr(new PrintWriter(console, true));
    return command.execute(arguments);
  }
}
