package io.platestream.datasets.plates;

import java.util.regex.Pattern;

/**
 * Chinese mainland plate types the project generates and recognises. Each knows its colours and the
 * pattern its text follows (province, issuing-authority letter, serial; separators removed).
 */
public enum PlateType {
  /** Small private car: blue, white text, 7 characters. */
  BLUE("[京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新][A-HJ-Z][A-HJ-NP-Z0-9]{5}", 7, false),
  /** Large vehicle: yellow, black text, 7 characters. */
  YELLOW("[京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新][A-HJ-Z][A-HJ-NP-Z0-9]{5}", 7, true),
  /** New-energy small vehicle: green gradient, black text, D or F right after the letter. */
  GREEN_SMALL("[京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新][A-HJ-Z][DF][A-HJ-NP-Z0-9][0-9]{4}", 8, true),
  /** New-energy large vehicle: yellow-green, black text, D or F as the last character. */
  GREEN_LARGE("[京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新][A-HJ-Z][0-9]{5}[DF]", 8, true),
  /** Police: white, black text with a red 警 suffix. */
  POLICE("[京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新][A-HJ-Z][A-HJ-NP-Z0-9]{4}警", 7, true),
  /** Driving-school car: yellow, black text, 学 suffix. */
  COACH("[京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新][A-HJ-Z][A-HJ-NP-Z0-9]{4}学", 7, true),
  /** Trailer: yellow, black text, 挂 suffix. */
  TRAILER("[京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新][A-HJ-Z][A-HJ-NP-Z0-9]{4}挂", 7, true);

  private final Pattern pattern;
  private final int length;
  private final boolean darkText;

  PlateType(String regex, int length, boolean darkText) {
    this.pattern = Pattern.compile(regex);
    this.length = length;
    this.darkText = darkText;
  }

  /** Whether the text (separators removed) is a plate of this type. */
  public boolean accepts(String text) {
    return text != null && pattern.matcher(text).matches();
  }

  /** Number of characters, separators excluded. */
  public int length() {
    return length;
  }

  /** True for black text on a light plate, false for white text on a dark plate. */
  public boolean darkText() {
    return darkText;
  }

  public String regex() {
    return pattern.pattern();
  }

  /** The first type that accepts the text, if any. */
  public static java.util.Optional<PlateType> of(String text) {
    for (PlateType type : values()) {
      if (type.accepts(text)) {
        return java.util.Optional.of(type);
      }
    }
    return java.util.Optional.empty();
  }
}
