package io.platestream.sink.events;

import java.util.Arrays;
import java.util.Locale;

/** How a searched plate is compared with stored ones. */
public enum PlateMatch {
  /** The same text. */
  EXACT,
  /** Stored plates that start with the text. */
  PREFIX,
  /** Within one edit (a character substituted, inserted or deleted): one misread character. */
  FUZZY;

  public static PlateMatch parse(String text) {
    try {
      return valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "match must be exact, prefix or fuzzy, got '" + text + "'");
    }
  }

  public boolean matches(String query, String plate) {
    return switch (this) {
      case EXACT -> plate.equals(query);
      case PREFIX -> plate.startsWith(query);
      case FUZZY -> withinOneEdit(query, plate);
    };
  }

  /** Whether {@code a} becomes {@code b} with at most one substitution, insertion or deletion. */
  public static boolean withinOneEdit(String a, String b) {
    int[] x = a.codePoints().toArray();
    int[] y = b.codePoints().toArray();
    if (Math.abs(x.length - y.length) > 1) {
      return false;
    }
    int[] shorter = x.length <= y.length ? x : y;
    int[] longer = x.length <= y.length ? y : x;
    int i = 0;
    while (i < shorter.length && shorter[i] == longer[i]) {
      i++;
    }
    if (i == shorter.length) {
      return true; // equal, or one extra character at the end
    }
    if (shorter.length == longer.length) {
      return Arrays.equals(shorter, i + 1, shorter.length, longer, i + 1, longer.length);
    }
    return Arrays.equals(shorter, i, shorter.length, longer, i + 1, longer.length);
  }
}
