package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code platestream sink}: settings that cannot work are one clear line before anything starts.
 */
class SinkCommandTest {

  @Test
  void historySettingsWithoutAHistoryAreRefused(@TempDir Path dir) {
    assertThat(run("sink", "--no-crops", "--state-dir", dir.toString()))
        .isEqualTo(
            "platestream sink: --hash-plates-key-file and --no-crops are history settings: give"
                + " --history-url");
  }

  @Test
  void hashedPlatesNeedCropsOff(@TempDir Path dir) throws Exception {
    Path key = Files.write(dir.resolve("key"), new byte[32]);
    assertThat(
            run(
                "sink",
                "--history-url",
                "jdbc:postgresql://127.0.0.1:1/none",
                "--hash-plates-key-file",
                key.toString(),
                "--state-dir",
                dir.toString()))
        .isEqualTo(
            "platestream sink: --hash-plates-key-file needs --no-crops: a crop shows the plate in"
                + " clear");
  }

  @Test
  void aShortPasswordAndABadWatchlistFileAreNamed(@TempDir Path dir) throws Exception {
    assertThat(run("sink", "--password", "short", "--state-dir", dir.toString()))
        .isEqualTo(
            "platestream sink: the dashboard needs a user name and a password of at least 8"
                + " characters");
    Path lists = Files.writeString(dir.resolve("lists.yaml"), "watchlists:\n  - name: x\n");
    assertThat(run("sink", "--watchlists", lists.toString(), "--state-dir", dir.toString()))
        .isEqualTo("platestream sink: " + lists + ": watchlist 'x': expected an 'entries:' list");
  }

  private static String run(String... arguments) {
    StringWriter err = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setErr(new PrintWriter(err));
    command.setOut(new PrintWriter(new StringWriter()));
    assertThat(command.execute(arguments)).as(err.toString()).isEqualTo(1);
    return err.toString().strip();
  }
}
