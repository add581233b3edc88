package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.detector.inference.ExecutionProvider;
import io.platestream.detector.stage.Batching;
import io.platestream.detector.stage.DetectorWorkers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code platestream detect} and {@code recognize} start, serve their endpoint and stop cleanly.
 */
class StageCommandsTest {

  @ParameterizedTest
  @ValueSource(strings = {"detect", "recognize"})
  void aStageRunsOnTheEmbeddedPlatformAndStopsCleanly(String stage, @TempDir Path state) {
    StringWriter out = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setOut(new PrintWriter(out));

    int exit =
        command.execute(
            stage, "--duration", "4", "--http-port", "0", "--state-dir", state.toString());

    String console = out.toString();
    assertThat(exit).as(console).isZero();
    assertThat(console)
        .contains(stage + " stage running on localhost:")
        .containsPattern("status at http://localhost:\\d+/status")
        .contains(stage + " stage stopped (NOT_RUNNING)");
    if (stage.equals("detect")) {
      assertThat(console).as("the CPU's default").contains("2 workers side by side");
    }
  }

  @org.junit.jupiter.api.Test
  void anUnknownGrammarIsOneClearLine() {
    StringWriter err = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setErr(new PrintWriter(err));

    int exit = command.execute("recognize", "--grammar", "martian", "--http-port", "0");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo("platestream recognize: --grammar must be chinese or generic, got martian");
  }

  @org.junit.jupiter.api.Test
  void fewerFramesInFlightThanWorkersIsOneClearLine() {
    StringWriter err = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setErr(new PrintWriter(err));

    int exit =
        command.execute("detect", "--workers", "3", "--batch-frames", "2", "--http-port", "0");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "platestream detect: --workers 3 keeps at most --batch-frames frames in flight, so"
                + " --batch-frames must be at least 3 (it is 2), or left out for one per worker");
  }

  @org.junit.jupiter.api.Test
  void workersAreTwoOnTheCpuUnlessGivenAndKeepOneFrameInFlightEach() {
    assertThat(DetectorWorkers.workers(0, ExecutionProvider.CPU)).isEqualTo(2);
    assertThat(DetectorWorkers.workers(0, ExecutionProvider.CUDA))
        .as("one batched run")
        .isEqualTo(1);
    assertThat(DetectorWorkers.workers(3, ExecutionProvider.CUDA)).isEqualTo(3);
    assertThat(DetectorWorkers.batching(1, 100, 1)).isEqualTo(Batching.none());
    assertThat(DetectorWorkers.batching(1, 100, 3)).isEqualTo(Batching.sideBySide(3));
    assertThat(Batching.sideBySide(3).maxFrames()).isEqualTo(3);
    assertThat(DetectorWorkers.batching(4, 50, 2).maxFrames()).isEqualTo(4);
  }

  @org.junit.jupiter.api.Test
  void sideBySideWorkersShareTheCoresUnlessTheThreadsAreGiven() {
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(DetectorWorkers.intraOpThreads(0, 1)).as("ONNX Runtime's default").isZero();
    assertThat(DetectorWorkers.intraOpThreads(0, 2)).isEqualTo(Math.max(1, cores / 2));
    assertThat(DetectorWorkers.intraOpThreads(0, 4 * cores)).isEqualTo(1);
    assertThat(DetectorWorkers.intraOpThreads(3, 2)).isEqualTo(3);
  }
}
