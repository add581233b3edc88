package io.platestream.datasets.geometry;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;

/**
 * Perspective warps of RGB images with bilinear sampling. Used to place rendered plates into scenes
 * and to rectify plate outlines back into upright crops.
 */
public final class PerspectiveWarp {

  /**
   * Draws {@code source} into {@code target} so that the source's corners land on {@code quad}
   * (top-left, top-right, bottom-right, bottom-left). Pixels outside the quad are untouched.
   */
  public static void paintInto(BufferedImage target, BufferedImage source, List<Point2> quad) {
    List<Point2> sourceCorners = corners(source.getWidth(), source.getHeight());
    Homography targetToSource = Homography.fromQuads(quad, sourceCorners);
    double minX = quad.stream().mapToDouble(Point2::x).min().orElseThrow();
    double maxX = quad.stream().mapToDouble(Point2::x).max().orElseThrow();
    double minY = quad.stream().mapToDouble(Point2::y).min().orElseThrow();
    double maxY = quad.stream().mapToDouble(Point2::y).max().orElseThrow();
    int x0 = Math.max(0, (int) Math.floor(minX)),
        x1 = Math.min(target.getWidth() - 1, (int) Math.ceil(maxX));
    int y0 = Math.max(0, (int) Math.floor(minY)),
        y1 = Math.min(target.getHeight() - 1, (int) Math.ceil(maxY));
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        Point2 s = targetToSource.apply(x + 0.5, y + 0.5);
        double sx = s.x() - 0.5, sy = s.y() - 0.5;
        if (sx < -0.5 || sy < -0.5 || sx > source.getWidth() - 0.5 || sy > source.getHeight() - 0.5)
          continue;
        target.setRGB(x, y, bilinear(source, sx, sy));
      }
    }
  }

  /**
   * PaddleOCR's {@code get_rotate_crop_image}: the crop is as wide as the longer of the top and
   * bottom edges and as tall as the longer of the left and right edges; samples outside the image
   * repeat the border; a crop at least 1.5 times taller than wide is turned a quarter counter-
   * clockwise so that vertical text reads left to right.
   */
  public static BufferedImage rectify(BufferedImage image, List<Point2> quad) {
    if (quad.size() != 4) {
      throw new IllegalArgumentException("rectification needs 4 corners, got " + quad.size());
    }
    int width =
        (int) Math.max(distance(quad.get(0), quad.get(1)), distance(quad.get(2), quad.get(3)));
    int height =
        (int) Math.max(distance(quad.get(0), quad.get(3)), distance(quad.get(1), quad.get(2)));
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "the outline is degenerate (" + width + " x " + height + " px)");
    }
    Homography cropToImage = Homography.fromQuads(corners(width, height), quad);
    BufferedImage crop = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    // The detector cuts dozens of crops per frame: read a packed-RGB frame's array in place and
    // write the new crop's own array, instead of a colour-model conversion per pixel.
    int[] source = PackedPixels.inPlaceOrNull(image);
    int[] out = ((DataBufferInt) crop.getRaster().getDataBuffer()).getData();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        Point2 s = cropToImage.apply(x, y);
        out[y * width + x] = sample(source, image, s.x(), s.y());
      }
    }
    return (double) height / width >= 1.5 ? rotateCounterClockwise(crop) : crop;
  }

  private static BufferedImage rotateCounterClockwise(BufferedImage image) {
    BufferedImage rotated =
        new BufferedImage(image.getHeight(), image.getWidth(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        rotated.setRGB(y, image.getWidth() - 1 - x, image.getRGB(x, y));
      }
    }
    return rotated;
  }

  private static List<Point2> corners(double width, double height) {
    return List.of(
        new Point2(0, 0), new Point2(width, 0), new Point2(width, height), new Point2(0, height));
  }

  private static double distance(Point2 a, Point2 b) {
    return Math.hypot(a.x() - b.x(), a.y() - b.y());
  }

  /** Bilinear sample at pixel-centre coordinates, clamping to the border (BORDER_REPLICATE). */
  static int bilinear(BufferedImage image, double x, double y) {
    return sample(null, image, x, y);
  }

  /** The same sample, read from {@code pixels} (the image's packed RGB) unless it is null. */
  private static int sample(int[] pixels, BufferedImage image, double x, double y) {
    int w = image.getWidth(), h = image.getHeight();
    x = Math.max(0, Math.min(w - 1, x));
    y = Math.max(0, Math.min(h - 1, y));
    int xa = (int) Math.floor(x), ya = (int) Math.floor(y);
    int xb = Math.min(w - 1, xa + 1), yb = Math.min(h - 1, ya + 1);
    if (pixels == null) {
      return blend(
          image.getRGB(xa, ya),
          image.getRGB(xb, ya),
          image.getRGB(xa, yb),
          image.getRGB(xb, yb),
          x - xa,
          y - ya);
    }
    return blend(
        pixels[ya * w + xa],
        pixels[ya * w + xb],
        pixels[yb * w + xa],
        pixels[yb * w + xb],
        x - xa,
        y - ya);
  }

  /** The four neighbours interpolated per channel, rounded and clamped; alpha is dropped. */
  private static int blend(int p00, int p10, int p01, int p11, double fx, double fy) {
    int rgb = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      double top = ((p00 >> shift) & 0xff) * (1 - fx) + ((p10 >> shift) & 0xff) * fx;
      double bottom = ((p01 >> shift) & 0xff) * (1 - fx) + ((p11 >> shift) & 0xff) * fx;
      int value = (int) Math.round(top * (1 - fy) + bottom * fy);
      rgb |= Math.max(0, Math.min(255, value)) << shift;
    }
    return rgb;
  }

  private PerspectiveWarp() {}
}
