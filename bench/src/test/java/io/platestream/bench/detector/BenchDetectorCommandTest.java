package io.platestream.bench.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.bench.BenchCommandLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What {@code bench detector} checks before it measures anything. */
class BenchDetectorCommandTest {

  @Test
  void aMissingModelFileIsRefusedBeforeAnyFrameIsRendered(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    CommandLine command = BenchCommandLine.create();
    command.setErr(new PrintWriter(err, true));

    int code = command.execute("detector", "--model", dir.resolve("gone.onnx").toString());

    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("--model " + dir.resolve("gone.onnx") + ": no such file");
  }

  @Test
  void noWarmUpRoundIsRefusedBeforeAnyFrameIsRendered() {
    StringWriter err = new StringWriter();
    CommandLine command = BenchCommandLine.create();
    command.setErr(new PrintWriter(err, true));

    int code = command.execute("detector", "--stage", "--warmup-rounds", "0");

    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("--warmup-rounds must be at least 1").contains("not 0");
  }

  /** One short round of the stage benchmark, side by side: its table, not its speed. */
  @Test
  void theStageBenchmarkReportsRatesRatiosAndLatencies() {
    String out = stageBenchmark("--workers", "2");

    assertThat(out)
        .containsPattern(
            "\\| raw ONNX Runtime, batch 1 \\| [0-9.]+ \\|.*\\| \\d+ / \\d+ \\(one run\\) \\|")
        .containsPattern("\\| raw ONNX Runtime, 2 runs side by side \\| [0-9.]+ \\|")
        .containsPattern(
            "\\| detector library side by side \\(decode, detect, crop JPEGs; no Kafka\\) \\|"
                + " [0-9.]+ \\| [0-9.]+-[0-9.]+ \\| stage / this: [0-9.]+ \\(")
        .containsPattern(
            "\\| detector stage \\| [0-9.]+ \\| [0-9.]+-[0-9.]+ \\| [0-9.]+ \\([0-9.]+-[0-9.]+\\)"
                + " \\| [1-9]\\d* / [1-9]\\d* \\(in the stage\\) \\|")
        // CPU per frame by thread group: the measured threads did work, so those are not zero.
        .containsPattern("\\| raw ONNX Runtime side by side \\| [1-9]\\d* \\| \\d+-\\d+ \\|  \\|")
        .containsPattern(
            "\\| detector library side by side \\| [1-9]\\d* \\| \\d+-\\d+ \\|"
                + " [0-9.]+ \\([0-9.]+-[0-9.]+\\) \\|")
        .containsPattern(
            "\\| detector stage \\| [1-9]\\d* \\| \\d+-\\d+ \\| [0-9.]+ \\([0-9.]+-[0-9.]+\\) \\|")
        .containsPattern(
            "\\| - of which its own threads \\(workers, stream thread, Kafka clients\\) \\|"
                + " [1-9]\\d* \\|")
        .containsPattern("\\| - - of which the stream thread and Kafka clients \\| [1-9]\\d* \\|")
        .containsPattern("\\| - of which garbage collection \\(.*\\) \\| \\d+ \\|")
        .containsPattern("\\| meanwhile, JIT compilers \\| \\d+ \\|")
        .containsPattern(
            "\\| meanwhile, the rest of the process \\(in-process broker and registry\\)"
                + " \\| [1-9]\\d* \\|");
  }

  @Test
  void aBatchingStageIsAlsoComparedWithRawRunsOfItsBatch() {
    String out = stageBenchmark("--workers", "1", "--batch-frames", "2", "--warmup-rounds", "2");

    assertThat(out)
        .contains("2 warm-up and 1 timed rounds")
        .containsPattern(
            "\\| raw ONNX Runtime, batch 2 \\| [0-9.]+ \\| [0-9.]+-[0-9.]+ \\|"
                + " stage / this: [0-9.]+ \\(")
        .doesNotContain("side by side |")
        .as("one run spread over the cores has no per-thread CPU figures")
        .doesNotContain("CPU ms per frame");
  }

  /** One round of the stage benchmark over 8 frames with these options; fails unless it exits 0. */
  private static String stageBenchmark(String... options) {
    io.platestream.datasets.render.FontsAvailableAccess.require();
    StringWriter out = new StringWriter();
    CommandLine command = BenchCommandLine.create();
    command.setOut(new PrintWriter(out, true));
    List<String> args =
        new ArrayList<>(List.of("detector", "--stage", "--frames", "8", "--rounds", "1"));
    args.addAll(List.of(options));

    int code = command.execute(args.toArray(String[]::new));

    assertThat(code).as(out.toString()).isZero();
    return out.toString();
  }
}
