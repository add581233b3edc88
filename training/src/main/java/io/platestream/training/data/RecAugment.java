package io.platestream.training.data;

import io.platestream.datasets.geometry.PerspectiveWarp;
import io.platestream.datasets.geometry.Point2;
import io.platestream.datasets.render.Degradations;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

/**
 * The recognizer's training augmentation, after PaddleOCR's {@code RecAug}: each transform is
 * applied with its own probability: perspective jitter of the four corners, width stretch, blur
 * (defocus or motion), colour jitter, low light, Gaussian noise. Nothing mirrors: a flipped plate
 * is not a plate.
 *
 * <p>Blur is sized to the crop: its extent (motion length, or defocus box width) is drawn from 2 px
 * to {@code blurMaxFraction} of the crop's height, so a small plate and a large one get blurs of
 * the same relative strength, as the scenes' own blur does (blur was the weakest slice).
 */
public final class RecAugment {
  /** Probabilities and strengths; {@link #seed()} is what {@code train rec} uses. */
  public record Settings(
      double perspective,
      double cornerShift,
      double stretch,
      double blur,
      double blurMaxFraction,
      double colour,
      double colourStrength,
      double lowLight,
      double noise) {
    public static Settings seed() {
      return new Settings(0.5, 0.08, 0.5, 0.3, 0.15, 0.5, 0.3, 0.15, 0.3);
    }

    /** Leaves every crop as it is. */
    public static Settings none() {
      return new Settings(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
  }

  private final Settings settings;

  public RecAugment(Settings settings) {
    this.settings = settings;
  }

  /** A new augmented crop ({@code crop} is not changed). */
  public BufferedImage apply(BufferedImage crop, Random random) {
    BufferedImage out = crop;
    if (random.nextDouble() < settings.perspective()) {
      out = perspective(out, random);
    }
    if (random.nextDouble() < settings.stretch()) {
      out = stretch(out, 0.8 + 0.45 * random.nextDouble());
    }
    if (random.nextDouble() < settings.blur()) {
      out = blur(out, random);
    }
    if (random.nextDouble() < settings.colour()) {
      out = copy(out);
      ColourJitter.apply(out, settings.colourStrength(), random);
    }
    if (random.nextDouble() < settings.lowLight()) {
      out = Degradations.night(out, 0.35 + 0.35 * random.nextDouble());
    }
    if (random.nextDouble() < settings.noise()) {
      out = Degradations.noise(out, 2 + 10 * random.nextDouble(), random);
    }
    return out == crop ? copy(crop) : out;
  }

  /** Defocus or horizontal motion, 2 px up to {@code blurMaxFraction} of the crop's height. */
  private BufferedImage blur(BufferedImage crop, Random random) {
    int maxExtent = Math.max(2, (int) Math.round(settings.blurMaxFraction() * crop.getHeight()));
    int extent = 2 + random.nextInt(maxExtent - 1);
    return random.nextBoolean()
        ? Degradations.defocus(crop, Math.max(1, extent / 2)) // a box 2r+1 wide
        : Degradations.motionBlur(crop, extent);
  }

  /** Each corner moved independently by up to {@code cornerShift} of the side, in or out. */
  private BufferedImage perspective(BufferedImage crop, Random random) {
    double w = crop.getWidth();
    double h = crop.getHeight();
    double dx = settings.cornerShift() * w;
    double dy = settings.cornerShift() * h * 2; // plates are wide: the same angle moves y more
    List<Point2> quad =
        List.of(
            new Point2(shift(0, dx, random), shift(0, dy, random)),
            new Point2(shift(w, dx, random), shift(0, dy, random)),
            new Point2(shift(w, dx, random), shift(h, dy, random)),
            new Point2(shift(0, dx, random), shift(h, dy, random)));
    return PerspectiveWarp.rectify(crop, quad);
  }

  private static double shift(double at, double range, Random random) {
    return at + range * (2 * random.nextDouble() - 1);
  }

  private static BufferedImage stretch(BufferedImage crop, double factor) {
    int width = Math.max(1, (int) Math.round(crop.getWidth() * factor));
    BufferedImage out = new BufferedImage(width, crop.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(crop, 0, 0, width, crop.getHeight(), null);
    g.dispose();
    return out;
  }

  private static BufferedImage copy(BufferedImage image) {
    BufferedImage out =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    out.createGraphics().drawImage(image, 0, 0, null);
    return out;
  }
}
