package io.platestream.sink.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The reviewers' accounts file: one {@code name:password} a line, blank lines and lines starting
 * with {@code #} ignored. Each mistake is refused with its line, never with the password in it.
 */
public final class ReviewerAccounts {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private ReviewerAccounts() {}

  /** Names and passwords, in the file's order. */
  public static Map<String, String> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, String> accounts = new LinkedHashMap<>();
    Map<String, Integer> firstLine = new LinkedHashMap<>();
    for (int n = 1; n <= lines.size(); n++) {
      String line = lines.get(n - 1).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + " line " + n + ": ";
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(where + "expected name:password");
      }
      String name = line.substring(0, colon).strip();
      String password = line.substring(colon + 1);
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            where + "a reviewer's name is 1 to 64 letters, digits or . _ @ -, got '" + name + "'");
      }
      if (password.length() < 8) {
        throw new IllegalArgumentException(
            where + "reviewer " + name + " needs a password of at least 8 characters");
      }
      Integer earlier = firstLine.putIfAbsent(name, n);
      if (earlier != null) {
        throw new IllegalArgumentException(
            where + "reviewer " + name + " is already on line " + earlier);
      }
      accounts.put(name, password);
    }
    return accounts;
  }
}
