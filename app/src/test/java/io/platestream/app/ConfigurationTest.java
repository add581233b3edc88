package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** One configuration model: flag over environment over file over default, and its reference. */
class ConfigurationTest {

  @Test
  void aFlagWinsOverTheEnvironmentWhichWinsOverTheFile(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("platestream.properties"),
            "bootstrap-servers=file:9092\ndetect.threads=3\nschema-registry=http://file:8081\n");
    Map<String, String> environment =
        Map.of(
            "PLATESTREAM_BOOTSTRAP_SERVERS", "env:9092",
            "PLATESTREAM_DETECT_BATCH_FRAMES", "4");

    CommandLine.ParseResult fromAll =
        PlateStreamCommand.commandLine(environment)
            .parseArgs(
                "--config", file.toString(), "detect", "--schema-registry", "http://flag:8081");

    assertThat(value(fromAll, "--bootstrap-servers")).isEqualTo("env:9092");
    assertThat(value(fromAll, "--threads")).isEqualTo(3);
    assertThat(value(fromAll, "--batch-frames")).isEqualTo(4);
    assertThat(value(fromAll, "--schema-registry")).isEqualTo("http://flag:8081");

    CommandLine.ParseResult fileOnly =
        PlateStreamCommand.commandLine(Map.of("PLATESTREAM_CONFIG", file.toString()))
            .parseArgs("recognize");
    assertThat(value(fileOnly, "--bootstrap-servers")).isEqualTo("file:9092");
    assertThat(value(fileOnly, "--threads")).as("detect.threads is detect's only").isEqualTo(0);

    CommandLine.ParseResult defaults = PlateStreamCommand.commandLine(Map.of()).parseArgs("detect");
    assertThat(value(defaults, "--batch-frames")).isEqualTo(1);
  }

  @Test
  void aMissingConfigurationFileIsNamed() {
    CommandLine command = PlateStreamCommand.commandLine(Map.of());
    java.io.StringWriter err = new java.io.StringWriter();
    command.setErr(new java.io.PrintWriter(err));
    assertThat(command.execute("--config", "/nowhere/platestream.properties", "detect"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--config: no file at /nowhere/platestream.properties");
  }

  @Test
  void theReferenceInDocsNamesEveryKeyOfEveryCommand() throws Exception {
    String generated = ConfigReference.markdown();
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "CONFIGURATION.md"), generated);
    assertThat(Files.readString(Path.of("..", "docs", "CONFIGURATION.md")))
        .as("docs/CONFIGURATION.md is out of date: copy app/target/CONFIGURATION.md over it")
        .isEqualTo(generated);
    // An option in an argument group shows its default only when the annotation names it.
    assertThat(generated).as("a default the help cannot show").doesNotContain("(default: null)");
  }

  private static Object value(CommandLine.ParseResult parsed, String option) {
    return parsed.subcommand().commandSpec().findOption(option).getValue();
  }
}
