package io.platestream.testing;

import java.util.Random;

/**
 * Small random damage to a valid text, for bounded fuzzing of parsers: one to four edits, each a
 * deleted, inserted or replaced character (drawn from {@code alphabet}), a truncation, or a
 * repeated stretch. A fixed seed makes every failure repeat.
 */
public final class TextMutations {
  private TextMutations() {}

  public static String mutate(String text, Random random, String alphabet) {
    StringBuilder s = new StringBuilder(text);
    for (int m = 0, n = 1 + random.nextInt(4); m < n && s.length() > 0; m++) {
      int at = random.nextInt(s.length());
      switch (random.nextInt(5)) {
        case 0 -> s.deleteCharAt(at);
        case 1 -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
        case 2 -> s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
        case 3 -> s.setLength(at);
        default -> {
          int end = Math.min(s.length(), at + 1 + random.nextInt(20));
          s.insert(at, s.substring(at, end));
        }
      }
    }
    return s.toString();
  }
}
