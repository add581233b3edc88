package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.datasets.render.FontsAvailableAccess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code platestream ingest} on a rendered clip, with the embedded broker it starts itself. */
class IngestCommandTest {

  @Test
  void publishesAFileCameraAndPrintsWhatEachCameraDid(@TempDir Path dir) {
    FontsAvailableAccess.require();
    Path clip = dir.resolve("clip.mp4");
    assertThat(
            PlateStreamCommand.commandLine()
                .execute(
                    "dataset",
                    "clip",
                    "--out",
                    clip.toString(),
                    "--width",
                    "320",
                    "--height",
                    "180",
                    "--passes",
                    "1"))
        .isZero();

    StringWriter out = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setOut(new PrintWriter(out));
    int exit =
        command.execute(
            "ingest",
            "--camera",
            "replay=" + clip,
            "--camera",
            "nowhere=rtsp://127.0.0.1:1/none",
            "--loop",
            "--duration",
            "8",
            "--http-port",
            "0",
            "--state-dir",
            dir.resolve("state").toString());

    String console = out.toString();
    assertThat(exit).as(console).isZero();
    assertThat(console).contains("Publishing frames to platestream.frames");
    assertThat(console).containsPattern("replay\\s+CONNECTED\\s+[1-9]\\d*\\s+0\\s+0");
    assertThat(console)
        .containsPattern(
            "nowhere\\s+RECONNECTING\\s+0\\s+0\\s+[1-9]\\d*\\s+cannot open rtsp://127.0.0.1:1/none: Connection refused");
  }

  @Test
  void aMalformedCameraFlagIsOneClearLine() {
    StringWriter err = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setErr(new PrintWriter(err));

    int exit = command.execute("ingest", "--camera", "gate=ftp://h/x", "--http-port", "0");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "platestream ingest: --camera gate=ftp://h/x: camera #1 ('gate'): 'url' scheme 'ftp' is"
                + " not supported (use rtsp, rtsps, http, https, file or a file path)");
  }
}
