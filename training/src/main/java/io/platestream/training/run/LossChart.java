package io.platestream.training.run;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A training run at a glance: the loss per step as a line on its own scale, and the validation
 * metric at step 0 (the starting model) and at every checkpoint as points on a 0..1 scale.
 */
final class LossChart {
  private static final int WIDTH = 800;
  private static final int HEIGHT = 400;
  private static final int MARGIN = 50;

  /** A value at a step. */
  record Point(int step, double value) {}

  private LossChart() {}

  static void write(Path png, List<Point> losses, List<Point> validation, String metric)
      throws IOException {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setColor(Color.GRAY);
    g.drawRect(MARGIN, MARGIN, WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    double maxLoss =
        losses.stream().mapToDouble(Point::value).filter(Double::isFinite).max().orElse(1);
    int lastStep =
        Math.max(
            1,
            Math.max(
                losses.stream().mapToInt(Point::step).max().orElse(1),
                validation.stream().mapToInt(Point::step).max().orElse(1)));
    double plotWidth = WIDTH - 2.0 * MARGIN;
    double plotHeight = HEIGHT - 2.0 * MARGIN;
    g.setColor(new Color(0x1f4fb5));
    g.setStroke(new BasicStroke(1.5f));
    Point previous = null;
    for (Point p : losses) {
      if (!Double.isFinite(p.value())) {
        continue; // a skipped step
      }
      if (previous != null) {
        g.drawLine(
            x(previous.step(), lastStep, plotWidth),
            y(previous.value() / maxLoss, plotHeight),
            x(p.step(), lastStep, plotWidth),
            y(p.value() / maxLoss, plotHeight));
      }
      previous = p;
    }
    g.drawString(
        String.format(Locale.ROOT, "loss per step (max %.3f)", maxLoss), MARGIN, MARGIN - 10);
    g.setColor(new Color(0xd97706));
    previous = null;
    for (Point p : validation) {
      int px = x(p.step(), lastStep, plotWidth);
      int py = y(p.value(), plotHeight);
      g.fillOval(px - 4, py - 4, 8, 8);
      if (previous != null) {
        g.drawLine(
            x(previous.step(), lastStep, plotWidth), y(previous.value(), plotHeight), px, py);
      }
      previous = p;
    }
    if (!validation.isEmpty()) {
      g.drawString(
          String.format(
              Locale.ROOT,
              "validation %s (0..1): %.4f -> %.4f, best %.4f",
              metric,
              validation.get(0).value(),
              validation.get(validation.size() - 1).value(),
              validation.stream().mapToDouble(Point::value).max().orElseThrow()),
          WIDTH / 2 - 60,
          MARGIN - 10);
    }
    g.setColor(Color.DARK_GRAY);
    g.drawString("step (last " + lastStep + ")", WIDTH / 2 - 30, HEIGHT - MARGIN / 3);
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
  }

  private static int x(int step, int lastStep, double plotWidth) {
    return (int) (MARGIN + plotWidth * step / lastStep);
  }

  private static int y(double share, double plotHeight) {
    return (int) (HEIGHT - MARGIN - plotHeight * Math.max(0, Math.min(1, share)));
  }
}
