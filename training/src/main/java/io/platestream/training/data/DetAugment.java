package io.platestream.training.data;

import io.platestream.datasets.geometry.Point2;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The detector's training augmentation, after the seed's detection config: scale (0.5 to 3, drawn
 * log-uniformly, relative to the scale the stage runs the frame at), rotation within +-10 degrees,
 * then a square crop of the training size that keeps one whole plate (PaddleOCR's {@code
 * EastRandomCropData} keeps text whole the same way), then colour jitter. A plate the crop cuts
 * becomes a do-not-care region; outside the frame is black.
 */
public final class DetAugment {
  /**
   * @param size side of the square training crop (a multiple of 32)
   * @param augment false: no scale, rotation or colour change (the crop still applies)
   */
  public record Settings(
      int size,
      boolean augment,
      double minScale,
      double maxScale,
      double maxRotationDegrees,
      double colourStrength) {
    public Settings {
      if (size < 32 || size % 32 != 0) {
        throw new IllegalArgumentException(
            "the detector's training size must be a multiple of 32, got " + size);
      }
    }

    public static Settings seed(int size) {
      return new Settings(size, true, 0.5, 3, 10, 0.3);
    }

    public static Settings plain(int size) {
      return new Settings(size, false, 1, 1, 0, 0);
    }
  }

  /** A training crop, its whole plates and the regions that count neither way. */
  public record Augmented(
      BufferedImage image, List<List<Point2>> plates, List<List<Point2>> ignored) {}

  private final Settings settings;

  public DetAugment(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  /**
   * @param baseScale the factor the stage resizes this frame by
   */
  public Augmented apply(
      BufferedImage frame,
      List<List<Point2>> plates,
      List<List<Point2>> ignored,
      double baseScale,
      Random random) {
    double scale = baseScale;
    double angle = 0;
    if (settings.augment()) {
      double low = Math.log(settings.minScale());
      double high = Math.log(settings.maxScale());
      scale *= Math.exp(low + (high - low) * random.nextDouble());
      angle = Math.toRadians(settings.maxRotationDegrees() * (2 * random.nextDouble() - 1));
    }
    AffineTransform frameToScaled = new AffineTransform();
    frameToScaled.rotate(
        angle, frame.getWidth() * scale / 2, frame.getHeight() * scale / 2); // about the centre
    frameToScaled.scale(scale, scale);
    List<List<Point2>> movedPlates = transform(plates, frameToScaled);
    List<List<Point2>> movedIgnored = transform(ignored, frameToScaled);

    int size = settings.size();
    double[] origin = cropOrigin(movedPlates, frame, frameToScaled, size, random);
    AffineTransform toCrop = AffineTransform.getTranslateInstance(-origin[0], -origin[1]);
    toCrop.concatenate(frameToScaled);

    BufferedImage crop = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = crop.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(frame, toCrop, null);
    g.dispose();
    if (settings.augment()) {
      ColourJitter.apply(crop, settings.colourStrength(), random);
    }

    List<List<Point2>> whole = new ArrayList<>();
    List<List<Point2>> dontCare = new ArrayList<>();
    for (List<Point2> plate : transform(plates, toCrop)) {
      switch (placement(plate, size)) {
        case INSIDE -> whole.add(plate);
        case CUT -> dontCare.add(plate);
        case OUTSIDE -> {}
      }
    }
    for (List<Point2> region : transform(ignored, toCrop)) {
      if (placement(region, size) != Placement.OUTSIDE) {
        dontCare.add(region);
      }
    }
    return new Augmented(crop, whole, dontCare);
  }

  /**
   * The crop's top-left corner in scaled space: placed so that a plate drawn at random lies wholly
   * inside (or centred, when it is larger than the crop); anywhere over the frame when there is
   * none.
   */
  private static double[] cropOrigin(
      List<List<Point2>> plates,
      BufferedImage frame,
      AffineTransform frameToScaled,
      int size,
      Random random) {
    double[] box;
    if (plates.isEmpty()) {
      box =
          bounds(
              transform(
                      List.of(
                          List.of(
                              new Point2(0, 0),
                              new Point2(frame.getWidth(), 0),
                              new Point2(frame.getWidth(), frame.getHeight()),
                              new Point2(0, frame.getHeight()))),
                      frameToScaled)
                  .get(0));
      return new double[] {
        position(box[0], box[2], size, random, true), position(box[1], box[3], size, random, true)
      };
    }
    box = bounds(plates.get(random.nextInt(plates.size())));
    return new double[] {
      position(box[0], box[2], size, random, false), position(box[1], box[3], size, random, false)
    };
  }

  /**
   * Where a window of {@code size} starts along one axis: within {@code [from, to]} when {@code
   * cover} (the window lies over the span), else so that the window contains the span.
   */
  private static double position(double from, double to, int size, Random random, boolean cover) {
    double span = to - from;
    if (span >= size) {
      return cover ? from + random.nextDouble() * (span - size) : (from + to - size) / 2;
    }
    return cover ? (from + to - size) / 2 : to - size + random.nextDouble() * (size - span);
  }

  private enum Placement {
    INSIDE,
    CUT,
    OUTSIDE
  }

  private static Placement placement(List<Point2> polygon, int size) {
    double[] box = bounds(polygon);
    if (box[0] >= 0 && box[1] >= 0 && box[2] <= size && box[3] <= size) {
      return Placement.INSIDE;
    }
    if (box[2] <= 0 || box[3] <= 0 || box[0] >= size || box[1] >= size) {
      return Placement.OUTSIDE;
    }
    return Placement.CUT;
  }

  private static double[] bounds(List<Point2> polygon) {
    double[] box = {
      Double.POSITIVE_INFINITY,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.NEGATIVE_INFINITY
    };
    for (Point2 p : polygon) {
      box[0] = Math.min(box[0], p.x());
      box[1] = Math.min(box[1], p.y());
      box[2] = Math.max(box[2], p.x());
      box[3] = Math.max(box[3], p.y());
    }
    return box;
  }

  private static List<List<Point2>> transform(
      List<List<Point2>> polygons, AffineTransform transform) {
    List<List<Point2>> out = new ArrayList<>();
    for (List<Point2> polygon : polygons) {
      List<Point2> moved = new ArrayList<>();
      for (Point2 p : polygon) {
        Point2D q = transform.transform(new Point2D.Double(p.x(), p.y()), null);
        moved.add(new Point2(q.getX(), q.getY()));
      }
      out.add(moved);
    }
    return out;
  }
}
