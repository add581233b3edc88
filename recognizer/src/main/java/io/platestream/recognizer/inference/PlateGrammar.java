package io.platestream.recognizer.inference;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The plate texts a region allows, as templates of per-position character sets. Answers the two
 * questions the grammar decoder asks: can this prefix still become a plate, and is it one.
 */
public final class PlateGrammar {
  private static final String PROVINCES = "京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新";

  /** The issuing authority's letter: I and O never occur on plates (they read as 1 and 0). */
  private static final String AUTHORITY = "ABCDEFGHJKLMNPQRSTUVWXYZ";

  private static final String SERIAL = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
  private static final String DIGITS = "0123456789";

  private final List<List<String>> templates;

  private PlateGrammar(List<List<String>> templates) {
    this.templates = List.copyOf(templates);
  }

  /**
   * Chinese mainland plates: standard 7 characters (blue, yellow), new-energy 8 characters (small:
   * D/F third; large: D/F last), and the 警, 学 and 挂 suffixes.
   */
  public static PlateGrammar chineseMainland() {
    List<List<String>> t = new ArrayList<>();
    t.add(List.of(PROVINCES, AUTHORITY, SERIAL, SERIAL, SERIAL, SERIAL, SERIAL));
    t.add(List.of(PROVINCES, AUTHORITY, "DF", SERIAL, DIGITS, DIGITS, DIGITS, DIGITS));
    t.add(List.of(PROVINCES, AUTHORITY, DIGITS, DIGITS, DIGITS, DIGITS, DIGITS, "DF"));
    t.add(List.of(PROVINCES, AUTHORITY, SERIAL, SERIAL, SERIAL, SERIAL, "警学挂"));
    return new PlateGrammar(t);
  }

  /** Other regions: 4 to 10 letters and digits. */
  public static PlateGrammar genericAlphanumeric() {
    String any = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    List<List<String>> t = new ArrayList<>();
    for (int length = 4; length <= 10; length++) t.add(java.util.Collections.nCopies(length, any));
    return new PlateGrammar(t);
  }

  /** Whether some plate starts with these characters (code points). */
  public boolean viablePrefix(int[] prefix, int length) {
    for (List<String> template : templates) {
      if (matches(template, prefix, length) && length <= template.size()) return true;
    }
    return false;
  }

  public boolean accepts(String text) {
    int[] chars = text.codePoints().toArray();
    for (List<String> template : templates) {
      if (template.size() == chars.length && matches(template, chars, chars.length)) return true;
    }
    return false;
  }

  /** Every character any template allows. */
  public Set<String> alphabet() {
    Set<String> all = new LinkedHashSet<>();
    for (List<String> template : templates) {
      for (String set : template) set.codePoints().forEach(c -> all.add(Character.toString(c)));
    }
    return all;
  }

  private static boolean matches(List<String> template, int[] chars, int length) {
    if (length > template.size()) return false;
    for (int i = 0; i < length; i++) {
      if (template.get(i).indexOf(chars[i]) < 0) return false;
    }
    return true;
  }
}
