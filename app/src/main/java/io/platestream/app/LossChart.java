package io.platestream.app;

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
 * A training run at a glance: the loss per step as a line, and the validation metric before and
 * after as two labelled points on a second scale.
 */
final class LossChart {
  private static final int WIDTH = 800;
  private static final int HEIGHT = 400;
  private static final int MARGIN = 50;

  private LossChart() {}

  static void write(Path png, List<Double> losses, String metric, double before, double after)
      throws IOException {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setColor(Color.GRAY);
    g.drawRect(MARGIN, MARGIN, WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    double max = losses.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    double plotWidth = WIDTH - 2.0 * MARGIN;
    double plotHeight = HEIGHT - 2.0 * MARGIN;
    g.setColor(new Color(0x1f4fb5));
    g.setStroke(new BasicStroke(2));
    for (int i = 1; i < losses.size(); i++) {
      g.drawLine(
          (int) (MARGIN + plotWidth * (i - 1) / Math.max(1, losses.size() - 1)),
          (int) (HEIGHT - MARGIN - plotHeight * losses.get(i - 1) / max),
          (int) (MARGIN + plotWidth * i / Math.max(1, losses.size() - 1)),
          (int) (HEIGHT - MARGIN - plotHeight * losses.get(i) / max));
    }
    g.drawString(String.format(Locale.ROOT, "loss per step (max %.3f)", max), MARGIN, MARGIN - 10);
    // The metric on its own 0..1 scale: before at the left edge, after at the right.
    g.setColor(new Color(0xd97706));
    int yBefore = (int) (HEIGHT - MARGIN - plotHeight * before);
    int yAfter = (int) (HEIGHT - MARGIN - plotHeight * after);
    g.fillOval(MARGIN - 5, yBefore - 5, 10, 10);
    g.fillOval(WIDTH - MARGIN - 5, yAfter - 5, 10, 10);
    g.drawLine(MARGIN, yBefore, WIDTH - MARGIN, yAfter);
    g.drawString(
        String.format(
            Locale.ROOT, "validation %s: %.4f -> %.4f (0..1 scale)", metric, before, after),
        WIDTH / 2 - 100,
        MARGIN - 10);
    g.setColor(Color.DARK_GRAY);
    g.drawString("step", WIDTH / 2, HEIGHT - MARGIN / 3);
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
  }
}
