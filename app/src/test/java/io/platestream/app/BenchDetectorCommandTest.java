package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What {@code bench detector} checks before it measures anything. */
class BenchDetectorCommandTest {

  @Test
  void aMissingModelFileIsRefusedBeforeAnyFrameIsRendered(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setErr(new PrintWriter(err, true));

    int code = command.execute("bench", "detector", "--model", dir.resolve("gone.onnx").toString());

    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("--model " + dir.resolve("gone.onnx") + ": no such file");
  }
}
