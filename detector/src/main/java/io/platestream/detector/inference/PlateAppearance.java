package io.platestream.detector.inference;

import java.awt.image.BufferedImage;

/**
 * What a rectified crop looks like, in a few numbers a plate verifier can weigh: how much of it is
 * in each of the plate background colours of GA 36 (blue, yellow, green, white, black) or in some
 * other strong colour, how much its brightness varies, and how often a line through its middle
 * crosses from character to background. Plates are one background colour with a row of evenly
 * spaced characters; shop signs, badges and stickers are often other colours or other rhythms.
 * Computed on every pixel: crops are small (about 100 x 30 px) and this costs far less than reading
 * one.
 */
public record PlateAppearance(
    double blue,
    double yellow,
    double green,
    double white,
    double black,
    double otherColour,
    double brightnessSpread,
    double crossings,
    double aspect) {

  /** Names of {@link #values()} in order, as a verifier's weights file lists them. */
  public static final java.util.List<String> NAMES =
      java.util.List.of(
          "blue",
          "yellow",
          "green",
          "white",
          "black",
          "other_colour",
          "plate_colour",
          "brightness_spread",
          "log_crossings",
          "log_aspect");

  /**
   * The numbers a verifier weighs: the colour shares, their sum over the plate colours (a plate is
   * mostly one of them, whichever), and the rhythm and shape on log scales.
   */
  public double[] values() {
    return new double[] {
      blue,
      yellow,
      green,
      white,
      black,
      otherColour,
      blue + yellow + green + white,
      brightnessSpread,
      Math.log1p(crossings),
      Math.log(aspect)
    };
  }

  /** The appearance of an upright crop held as a Java image. */
  public static PlateAppearance of(BufferedImage crop) {
    int width = crop.getWidth(), height = crop.getHeight();
    byte[] bgr = new byte[3 * width * height];
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      crop.getRGB(0, y, width, 1, row, 0, width);
      for (int x = 0; x < width; x++) {
        int at = 3 * (y * width + x), rgb = row[x];
        bgr[at] = (byte) rgb;
        bgr[at + 1] = (byte) (rgb >> 8);
        bgr[at + 2] = (byte) (rgb >> 16);
      }
    }
    return of(bgr, width, height);
  }

  /** The appearance of an upright crop packed as B, G, R bytes, row by row. */
  public static PlateAppearance of(byte[] bgr, int width, int height) {
    if (width < 1 || height < 1 || bgr.length < 3L * width * height) {
      throw new IllegalArgumentException(
          "a " + width + "x" + height + " crop needs " + 3L * width * height + " bytes");
    }
    int pixels = width * height;
    int blue = 0, yellow = 0, green = 0, white = 0, black = 0, other = 0;
    double sum = 0, sumOfSquares = 0;
    float[] value = new float[pixels];
    for (int i = 0; i < pixels; i++) {
      int b = bgr[3 * i] & 0xff, g = bgr[3 * i + 1] & 0xff, r = bgr[3 * i + 2] & 0xff;
      int max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b));
      double v = max / 255.0, s = max == 0 ? 0 : (max - min) / (double) max;
      value[i] = (float) v;
      sum += v;
      sumOfSquares += v * v;
      switch (colourOf(hue(r, g, b, max, min), s, v)) {
        case BLUE -> blue++;
        case YELLOW -> yellow++;
        case GREEN -> green++;
        case WHITE -> white++;
        case BLACK -> black++;
        case OTHER -> other++;
        case NONE -> {}
      }
    }
    double mean = sum / pixels;
    double spread = Math.sqrt(Math.max(0, sumOfSquares / pixels - mean * mean));
    double n = pixels;
    return new PlateAppearance(
        blue / n,
        yellow / n,
        green / n,
        white / n,
        black / n,
        other / n,
        spread,
        crossings(value, width, height, mean),
        (double) width / height);
  }

  private enum Colour {
    BLUE,
    YELLOW,
    GREEN,
    WHITE,
    BLACK,
    OTHER,
    NONE
  }

  /**
   * Hue bands wide enough for real cameras' white balance: plate blue is near 220 degrees, yellow
   * near 50, the new-energy green from 90 to 160 fading to white.
   */
  private static Colour colourOf(double hue, double saturation, double value) {
    if (value < 0.22) return Colour.BLACK;
    if (saturation < 0.18) return value > 0.65 ? Colour.WHITE : Colour.NONE;
    if (saturation < 0.3) return Colour.NONE;
    if (hue >= 190 && hue <= 255) return Colour.BLUE;
    if (hue >= 30 && hue <= 68) return Colour.YELLOW;
    if (hue > 68 && hue <= 170) return Colour.GREEN;
    return Colour.OTHER;
  }

  private static double hue(int r, int g, int b, int max, int min) {
    if (max == min) return 0;
    double delta = max - min, h;
    if (max == r) h = (g - b) / delta;
    else if (max == g) h = 2 + (b - r) / delta;
    else h = 4 + (r - g) / delta;
    return (h * 60 + 360) % 360;
  }

  /**
   * Crossings between brighter and darker than the crop's mean along three lines at 40, 50 and 60 %
   * of the height, averaged: a plate's characters give about two per character.
   */
  private static double crossings(float[] value, int width, int height, double mean) {
    double total = 0;
    for (double at : new double[] {0.4, 0.5, 0.6}) {
      int y = Math.min(height - 1, (int) (at * height));
      boolean bright = value[y * width] > mean;
      int count = 0;
      for (int x = 1; x < width; x++) {
        boolean now = value[y * width + x] > mean;
        if (now != bright) count++;
        bright = now;
      }
      total += count;
    }
    return total / 3;
  }
}
