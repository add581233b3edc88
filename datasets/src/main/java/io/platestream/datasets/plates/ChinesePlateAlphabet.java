package io.platestream.datasets.plates;

import java.util.List;

/**
 * The character tables of Chinese mainland plates, in the order the CCPD dataset indexes them in
 * its file names. CCPD uses the letter O in each table as a "no character" placeholder, so it sits
 * at the end of the letter tables rather than in alphabetical order.
 */
public final class ChinesePlateAlphabet {
  /** Province abbreviations (index 0..30), then the special first characters 警 and 学, then O. */
  public static final List<String> PROVINCES =
      List.of(
          "皖", "沪", "津", "渝", "冀", "晋", "蒙", "辽", "吉", "黑", "苏", "浙", "京", "闽", "赣", "鲁", "豫", "鄂",
          "湘", "粤", "桂", "琼", "川", "贵", "云", "藏", "陕", "甘", "青", "宁", "新", "警", "学", "O");

  /** Number of real provinces at the start of {@link #PROVINCES}. */
  public static final int PROVINCE_COUNT = 31;

  /** Second character (issuing authority): letters without I, then the O placeholder. */
  public static final List<String> ALPHABETS =
      List.of(
          "A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "Q", "R", "S", "T",
          "U", "V", "W", "X", "Y", "Z", "O");

  /** Remaining characters: letters without I, digits, then the O placeholder. */
  public static final List<String> ADS =
      List.of(
          "A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "Q", "R", "S", "T",
          "U", "V", "W", "X", "Y", "Z", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "O");

  /** Letters a serial may use: no I and no O, which plates never print (they read as 1 and 0). */
  public static final String SERIAL_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";

  public static final String DIGITS = "0123456789";

  private ChinesePlateAlphabet() {}
}
