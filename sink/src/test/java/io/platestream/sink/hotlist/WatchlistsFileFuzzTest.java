package io.platestream.sink.hotlist;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.testing.TextMutations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded fuzz of the watchlist file parser (outside input: operators write these files): 3,000
 * mutations of a valid file, on a fixed seed so a failure repeats. Each must parse or be refused
 * with an IllegalArgumentException naming the file; any other exception is a bug.
 */
class WatchlistsFileFuzzTest {
  private static final String VALID =
      "watchlists:\n"
          + "  - name: stolen\n"
          + "    entries:\n"
          + "      - id: e1\n"
          + "        plate: 京A12345\n"
          + "        label: stolen vehicle\n"
          + "        severity: critical\n"
          + "      - id: e2\n"
          + "        pattern: \"京A9.*\"\n"
          + "      - id: e3\n"
          + "        fuzzy: 沪B67890\n";
  private static final String ALPHABET = " \n\t:-\"'[]{}#&*!|>%@`,?.京A19zZ\\";

  @Test
  void mutatedFilesParseOrAreRefusedWithTheReasonNeverWithAnotherError(@TempDir Path dir)
      throws Exception {
    Random random = new Random(28);
    Path file = dir.resolve("watchlists.yaml");
    int parsed = 0, refused = 0;
    List<String> crashes = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      String input = TextMutations.mutate(VALID, random, ALPHABET);
      Files.writeString(file, input);
      try {
        WatchlistsFile.read(file);
        parsed++;
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage()).startsWith(file.toString());
        refused++;
      } catch (RuntimeException e) {
        crashes.add(e + " on:\n" + input);
      }
    }
    System.out.printf(
        "watchlist fuzz: %d parsed, %d refused, %d crashes%n", parsed, refused, crashes.size());
    assertThat(crashes).isEmpty();
    assertThat(refused).isPositive();
  }
}
