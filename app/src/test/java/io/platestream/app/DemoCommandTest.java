package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.platestream.datasets.render.FontsAvailableAccess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The README's demo command, run in-process exactly as a newcomer would run it. */
class DemoCommandTest {

  @Test
  void demoRunsTheWholePipelineOnASampleClipAndFindsItsPlates(@TempDir Path state)
      throws Exception {
    FontsAvailableAccess.require();
    StringWriter out = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setOut(new PrintWriter(out, true));

    CompletableFuture<Integer> demo =
        CompletableFuture.supplyAsync(
            () ->
                command.execute(
                    "demo",
                    "--sample-vehicles",
                    "2",
                    "--duration",
                    "40",
                    "--http-port",
                    "0",
                    "--state-dir",
                    state.toString()));
    // While it runs, the dashboard's API (signed in as the printed user) lists its events.
    Pattern dashboard =
        Pattern.compile("Dashboard  (http://127.0.0.1:\\d+)  \\(user demo, password (\\S+)\\)");
    Matcher line = dashboard.matcher("");
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!(line = dashboard.matcher(out.toString())).find() && !demo.isDone()) {
      assertThat(System.nanoTime()).as("the dashboard line").isLessThan(deadline);
      Thread.sleep(200);
    }
    assertThat(demo.isDone()).as(out.toString()).isFalse();
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest events =
        HttpRequest.newBuilder(URI.create(line.group(1) + "/api/events"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(("demo:" + line.group(2)).getBytes(StandardCharsets.UTF_8)))
            .build();
    long total = 0;
    while (total == 0 && !demo.isDone()) {
      HttpResponse<String> response = http.send(events, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      total = new ObjectMapper().readTree(response.body()).get("total").asLong();
      Thread.sleep(500);
    }
    assertThat(total).as("events on the dashboard while the demo runs").isPositive();
    int exitCode = demo.get(120, TimeUnit.SECONDS);

    String console = out.toString();
    System.out.println(console);
    assertThat(exitCode).as(console).isZero();
    assertThat(console)
        .contains("Kafka broker", "Schema registry  http://127.0.0.1:")
        .contains("Pipeline running: 1 camera(s) -> ingest -> detect -> recognize")
        .containsPattern("EVENT \\S+ +\\S+ +camera sample");
    // End-to-end against the clip's ground truth: at least one of its plates read right.
    Matcher truth =
        Pattern.compile("(\\d+) of (\\d+) plates found. Precision ([0-9.]+), recall ([0-9.]+)")
            .matcher(console);
    assertThat(truth.find()).as(console).isTrue();
    assertThat(Integer.parseInt(truth.group(1))).as("ground-truth plates found").isPositive();
  }

  @Test
  void aModelFileGivenToTheDemoIsPublishedPromotedAndServed(@TempDir Path state) throws Exception {
    FontsAvailableAccess.require();
    Path detector = state.resolve("fine-tuned-det.onnx");
    java.nio.file.Files.write(
        detector,
        io.platestream.models.artifact.ClasspathArtifacts.read(
            "models/ch_PP-OCRv4_det_infer.onnx"));
    StringWriter out = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setOut(new PrintWriter(out, true));

    int exitCode =
        command.execute(
            "demo",
            "--detector",
            detector.toString(),
            "--sample-vehicles",
            "1",
            "--duration",
            "15",
            "--http-port",
            "0",
            "--state-dir",
            state.resolve("demo").toString());

    String console = out.toString();
    assertThat(exitCode).as(console).isZero();
    assertThat(console)
        .contains("Serving plate-detector v2 from " + detector)
        .doesNotContain("Serving plate-recognizer");
    StringWriter err = new StringWriter();
    CommandLine refused = PlateStreamCommand.commandLine();
    refused.setErr(new PrintWriter(err, true));
    assertThat(refused.execute("demo", "--recognizer", state.resolve("missing.onnx").toString()))
        .isNotZero();
    assertThat(err.toString()).contains("missing.onnx does not exist");
  }

  @Test
  void unknownSubcommandIsRefusedWithUsage() {
    StringWriter err = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setErr(new PrintWriter(err));

    int exitCode = command.execute("detonate");

    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument", "detonate");
  }

  @Test
  void aPortInUseIsOneClearLineNotAStackTrace() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      StringWriter err = new StringWriter();
      CommandLine command = PlateStreamCommand.commandLine();
      command.setErr(new PrintWriter(err));
      command.setOut(new PrintWriter(new StringWriter()));

      int exitCode =
          command.execute("demo", "--registry-port", Integer.toString(taken.getLocalPort()));

      assertThat(exitCode).isEqualTo(1);
      assertThat(err.toString())
          .contains(
              "platestream demo:",
              "embedded schema registry",
              Integer.toString(taken.getLocalPort()));
      assertThat(err.toString()).doesNotContain("\tat ");
    }
  }
}
