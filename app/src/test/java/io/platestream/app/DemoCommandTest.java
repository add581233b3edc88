package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's demo command, run in-process exactly as a newcomer would run it. */
class DemoCommandTest {

  @Test
  void demoBringsUpBrokerAndRegistryAndRoundTripsEveryContract() {
    StringWriter out = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setOut(new PrintWriter(out));

    int exitCode = command.execute("demo");

    String console = out.toString();
    assertThat(exitCode).as(console).isZero();
    assertThat(console).contains("Kafka broker", "Schema registry  http://127.0.0.1:");
    for (String contract :
        new String[] {
          "Frame", "PlateDetection", "PlateRead", "PlateEvent", "HotlistAlert", "ModelVersion"
        }) {
      assertThat(console)
          .containsPattern(
              "platestream\\.\\w+\\s+" + contract + "\\s+schema id \\d+\\s+round trip OK");
    }
    assertThat(console).contains("All 6 contracts made a round trip");
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
