package io.platestream.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.bench.BenchCommand;
import io.platestream.datasets.render.FontsAvailableAccess;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code bench pipeline} runs the whole pipeline briefly and reports every figure (no timing is
 * asserted: the numbers are the benchmark's, recorded in docs/BENCHMARKS.md).
 */
class BenchPipelineCommandTest {

  @Test
  void aShortRunReportsEveryFigure() {
    FontsAvailableAccess.require();
    StringWriter out = new StringWriter();
    CommandLine command = new CommandLine(new BenchCommand());
    command.setOut(new PrintWriter(out, true));

    int exit = command.execute("pipeline", "--cameras", "1", "--warmup", "8", "--duration", "10");

    String report = out.toString();
    assertThat(exit).as(report).isZero();
    assertThat(report)
        .contains("pipeline: 1 camera(s) 1280x720 at 3 fps, 10 s measured after 8 s warm-up")
        .containsPattern("frames/s: offered 3\\.00, ingested [0-9.]+, detected [0-9.]+")
        .containsPattern("dropped at ingest \\d+, shed by stages \\d+")
        .containsPattern("capture of a pass's first read -> its first event: p50 .* ms")
        .containsPattern("capture of the last read -> final event: p50 .* ms")
        .containsPattern("CPU ms per detected frame: ingest [0-9.]+, detect [0-9.]+, recognize")
        .containsPattern("raw ceiling \\(ONNX Runtime alone, batch 1\\): detector [0-9.]+ frames/s")
        .containsPattern("pipeline / raw ceiling: [0-9.]+");
    assertThat(report).doesNotContain("detected 0.00");
  }

  @Test
  void anUnknownResolutionIsOneClearLine() {
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new BenchCommand());
    command.setErr(new PrintWriter(err, true));
    command.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println(e.getMessage());
          return 1;
        });

    int exit = command.execute("pipeline", "--resolution", "480");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("--resolution must be 720 or 1080, got 480");
  }
}
