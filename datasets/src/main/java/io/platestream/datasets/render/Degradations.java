package io.platestream.datasets.render;

import io.platestream.datasets.image.Images;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

/** Camera and transmission defects, each a pure function of the image and its parameters. */
public final class Degradations {

  /** Horizontal motion blur over {@code length} pixels. */
  public static BufferedImage motionBlur(BufferedImage image, int length) {
    float[] kernel = new float[length];
    Arrays.fill(kernel, 1f / length);
    return convolve(image, new Kernel(length, 1, kernel));
  }

  /** Defocus as a box blur of the given radius (two passes approximate a disc). */
  public static BufferedImage defocus(BufferedImage image, int radius) {
    int size = 2 * radius + 1;
    float[] kernel = new float[size * size];
    Arrays.fill(kernel, 1f / kernel.length);
    return convolve(image, new Kernel(size, size, kernel));
  }

  /** Night: darkened, gamma-lifted shadows, a blue cast. */
  public static BufferedImage night(BufferedImage image, double brightness) {
    BufferedImage out = Images.copyRgb(image);
    for (int y = 0; y < out.getHeight(); y++) {
      for (int x = 0; x < out.getWidth(); x++) {
        int rgb = out.getRGB(x, y);
        int r = (int) (Math.pow(((rgb >> 16) & 0xff) / 255.0, 1.4) * 255 * brightness);
        int g = (int) (Math.pow(((rgb >> 8) & 0xff) / 255.0, 1.4) * 255 * brightness);
        int b = (int) Math.min(255, Math.pow((rgb & 0xff) / 255.0, 1.3) * 255 * brightness * 1.15);
        out.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return out;
  }

  /** Additive Gaussian sensor noise with standard deviation {@code sigma} grey levels. */
  public static BufferedImage noise(BufferedImage image, double sigma, Random random) {
    BufferedImage out = Images.copyRgb(image);
    for (int y = 0; y < out.getHeight(); y++) {
      for (int x = 0; x < out.getWidth(); x++) {
        int rgb = out.getRGB(x, y);
        int n = (int) Math.round(random.nextGaussian() * sigma);
        int r = clamp(((rgb >> 16) & 0xff) + n),
            g = clamp(((rgb >> 8) & 0xff) + n),
            b = clamp((rgb & 0xff) + n);
        out.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return out;
  }

  /** Round trip through JPEG, leaving its block artefacts in the pixels. */
  public static BufferedImage jpegArtefacts(BufferedImage image, int quality) {
    try {
      return Images.toRgb(ImageIO.read(new ByteArrayInputStream(Images.jpeg(image, quality))));
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG decoding failed", e);
    }
  }

  private static BufferedImage convolve(BufferedImage image, Kernel kernel) {
    return new ConvolveOp(kernel, ConvolveOp.EDGE_NO_OP, null).filter(Images.toRgb(image), null);
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  private Degradations() {}
}
