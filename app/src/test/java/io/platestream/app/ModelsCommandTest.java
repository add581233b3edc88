package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.models.artifact.ClasspathArtifacts;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.testing.EmbeddedPlatformExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
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
  @ExtendWith(EmbeddedPlatformExtension.class)
  void aPublishedFileGoesToKafkaAndCanRunInShadow(EmbeddedPlatform platform, @TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("v3-detector.onnx");
    Files.write(file, ClasspathArtifacts.read("models/ch_PP-OCRv3_det_infer.onnx"));
    String[] broker = {
      "--bootstrap-servers", platform.bootstrapServers(),
      "--schema-registry", platform.schemaRegistryUrl()
    };

    // The broker is shared with other tests that publish too: take the version it was given.
    String published = run(broker, "models", "publish", "plate-detector", file.toString());
    Matcher version =
        Pattern.compile("plate-detector +v(\\d+) +CANDIDATE .* kafka:platestream.artifacts/0/\\d+/")
            .matcher(published);
    assertThat(version.find()).as(published).isTrue();
    String v = version.group(1);
    String shadowed = run(broker, "models", "shadow", "plate-detector", v);
    String listed = run(broker, "models", "list");

    assertThat(Integer.parseInt(v)).isGreaterThan(1);
    assertThat(shadowed).containsPattern("plate-detector +v" + v + " +SHADOW");
    assertThat(listed)
        .containsPattern("plate-detector +v1 +PRODUCTION")
        .containsPattern("plate-detector +v" + v + " +SHADOW");
  }

  private static String run(String[] broker, String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    String[] all =
        java.util.stream.Stream.concat(Arrays.stream(arguments), Arrays.stream(broker))
            .toArray(String[]::new);
    assertThat(command.execute(all)).as(err.toString()).isZero();
    return out.toString();
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
