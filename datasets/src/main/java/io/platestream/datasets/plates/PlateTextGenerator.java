package io.platestream.datasets.plates;

import java.util.Random;

/**
 * Random but valid plate texts, deterministic for a seed. Serials are mostly digits with some
 * letters, as on real plates, and never contain I or O.
 */
public final class PlateTextGenerator {
  private static final double LETTER_SHARE = 0.3;
  private final Random random;

  public PlateTextGenerator(long seed) {
    this.random = new Random(seed);
  }

  public String next(PlateType type) {
    StringBuilder text = new StringBuilder(type.length());
    text.append(
        ChinesePlateAlphabet.PROVINCES.get(random.nextInt(ChinesePlateAlphabet.PROVINCE_COUNT)));
    text.append(
        ChinesePlateAlphabet.SERIAL_LETTERS.charAt(
            random.nextInt(ChinesePlateAlphabet.SERIAL_LETTERS.length())));
    switch (type) {
      case BLUE, YELLOW -> appendSerial(text, 5);
      case GREEN_SMALL -> {
        text.append(random.nextBoolean() ? 'D' : 'F');
        appendSerial(text, 1);
        appendDigits(text, 4);
      }
      case GREEN_LARGE -> {
        appendDigits(text, 5);
        text.append(random.nextBoolean() ? 'D' : 'F');
      }
      case POLICE -> {
        appendSerial(text, 4);
        text.append('警');
      }
      case COACH -> {
        appendSerial(text, 4);
        text.append('学');
      }
      case TRAILER -> {
        appendSerial(text, 4);
        text.append('挂');
      }
    }
    return text.toString();
  }

  private void appendSerial(StringBuilder text, int count) {
    for (int i = 0; i < count; i++) {
      if (random.nextDouble() < LETTER_SHARE) {
        text.append(
            ChinesePlateAlphabet.SERIAL_LETTERS.charAt(
                random.nextInt(ChinesePlateAlphabet.SERIAL_LETTERS.length())));
      } else {
        text.append(ChinesePlateAlphabet.DIGITS.charAt(random.nextInt(10)));
      }
    }
  }

  private void appendDigits(StringBuilder text, int count) {
    for (int i = 0; i < count; i++) {
      text.append(ChinesePlateAlphabet.DIGITS.charAt(random.nextInt(10)));
    }
  }
}
