package io.platestream.sink.history;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * SQL {@code LIKE} patterns that together match exactly the plates within one edit of a text: one
 * {@code _} in place of each character (substitution), one {@code _} between characters
 * (insertion), each character left out (deletion). A plate has a few characters, so a few dozen
 * patterns; PostgreSQL checks them with {@code plate LIKE ANY (?)}.
 */
final class FuzzyPatterns {
  private FuzzyPatterns() {}

  static Set<String> withinOneEdit(String text) {
    int[] chars = text.codePoints().toArray();
    Set<String> patterns = new LinkedHashSet<>();
    for (int i = 0; i <= chars.length; i++) {
      patterns.add(escaped(chars, 0, i) + "_" + escaped(chars, i, chars.length)); // insertion
      if (i < chars.length) {
        patterns.add(escaped(chars, 0, i) + "_" + escaped(chars, i + 1, chars.length));
        patterns.add(escaped(chars, 0, i) + escaped(chars, i + 1, chars.length)); // deletion
      }
    }
    patterns.add(escaped(chars, 0, chars.length));
    return patterns;
  }

  /** Text for a {@code LIKE} pattern, with the wildcards and the escape character escaped. */
  static String escape(String text) {
    int[] chars = text.codePoints().toArray();
    return escaped(chars, 0, chars.length);
  }

  private static String escaped(int[] chars, int from, int to) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i < to; i++) {
      int c = chars[i];
      if (c == '\\' || c == '%' || c == '_') {
        out.append('\\');
      }
      out.appendCodePoint(c);
    }
    return out.toString();
  }
}
