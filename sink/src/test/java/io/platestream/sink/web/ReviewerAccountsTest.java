package io.platestream.sink.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reviewers' file: accounts in order, each mistake named by its line, no password shown. */
class ReviewerAccountsTest {
  @TempDir Path dir;

  @Test
  void readsAccountsSkippingCommentsAndBlankLines() throws Exception {
    Map<String, String> accounts =
        ReviewerAccounts.read(
            write("# night shift\nana:ana-reviews-plates\n\nbo.li@site:pass:with:colons\n"));
    assertThat(accounts)
        .containsExactly(
            Map.entry("ana", "ana-reviews-plates"), Map.entry("bo.li@site", "pass:with:colons"));
  }

  @Test
  void eachMistakeIsRefusedWithItsLine() throws Exception {
    Path noColon = write("ana ana-reviews-plates\n");
    assertThatThrownBy(() -> ReviewerAccounts.read(noColon))
        .hasMessage(noColon + " line 1: expected name:password");
    Path badName = write("\nana smith:ana-reviews-plates\n");
    assertThatThrownBy(() -> ReviewerAccounts.read(badName))
        .hasMessage(
            badName
                + " line 2: a reviewer's name is 1 to 64 letters, digits or . _ @ -, got 'ana"
                + " smith'");
    Path shortPassword = write("ana:secret\n");
    assertThatThrownBy(() -> ReviewerAccounts.read(shortPassword))
        .hasMessage(
            shortPassword + " line 1: reviewer ana needs a password of at least 8 characters")
        .message()
        .doesNotContain("secret\n");
    Path twice = write("ana:ana-reviews-plates\nana:another-password\n");
    assertThatThrownBy(() -> ReviewerAccounts.read(twice))
        .hasMessage(twice + " line 2: reviewer ana is already on line 1")
        .message()
        .doesNotContain("another-password");
  }

  private Path write(String text) throws Exception {
    Path file = Files.createTempFile(dir, "reviewers", ".txt");
    Files.writeString(file, text);
    return file;
  }
}
