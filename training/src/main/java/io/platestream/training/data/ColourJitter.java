package io.platestream.training.data;

import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Random brightness, contrast and saturation, each a factor drawn from {@code [1 - s, 1 + s]}, as
 * torchvision's and PaddleOCR's colour jitter do (hue is left alone: a plate's colour says its
 * type).
 */
final class ColourJitter {
  private ColourJitter() {}

  /** Jitters {@code image} in place. */
  static void apply(BufferedImage image, double strength, Random random) {
    if (strength <= 0) {
      return;
    }
    double brightness = factor(strength, random);
    double contrast = factor(strength, random);
    double saturation = factor(strength, random);
    int w = image.getWidth();
    int h = image.getHeight();
    int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
    double mean = 0;
    for (int p : rgb) {
      mean += luma(p);
    }
    mean = mean * brightness / rgb.length;
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      double r = ((p >> 16) & 0xff) * brightness;
      double g = ((p >> 8) & 0xff) * brightness;
      double b = (p & 0xff) * brightness;
      double grey = 0.299 * r + 0.587 * g + 0.114 * b;
      r = mean + contrast * (grey + saturation * (r - grey) - mean);
      g = mean + contrast * (grey + saturation * (g - grey) - mean);
      b = mean + contrast * (grey + saturation * (b - grey) - mean);
      rgb[i] = (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
    }
    image.setRGB(0, 0, w, h, rgb, 0, w);
  }

  private static double factor(double strength, Random random) {
    return 1 + strength * (2 * random.nextDouble() - 1);
  }

  private static double luma(int p) {
    return 0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff);
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
