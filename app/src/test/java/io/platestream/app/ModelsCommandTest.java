package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code platestream models} on the embedded platform it starts itself. */
class ModelsCommandTest {

  @Test
  void listShowsTheBundledPairAsProductionVersionOne(@TempDir Path artifacts) {
    StringWriter out = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setOut(new PrintWriter(out));

    int exit = command.execute("models", "list", "--artifacts", artifacts.toString());

    assertThat(exit).as(out.toString()).isZero();
    assertThat(out.toString())
        .containsPattern(
            "plate-detector +v1 +PRODUCTION +sha256 [0-9a-f]{12} +classpath:models/ch_PP-OCRv4_det_infer.onnx")
        .containsPattern("plate-recognizer +v1 +PRODUCTION");
  }

  @Test
  void promotingAVersionThatDoesNotExistIsOneClearLine(@TempDir Path artifacts) {
    StringWriter err = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setErr(new PrintWriter(err));
    command.setOut(new PrintWriter(new StringWriter()));

    int exit =
        command.execute(
            "models", "promote", "plate-detector", "7", "--artifacts", artifacts.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo("platestream models: plate-detector has no version 7");
  }
}
