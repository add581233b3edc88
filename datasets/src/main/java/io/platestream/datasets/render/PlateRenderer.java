package io.platestream.datasets.render;

import io.platestream.datasets.plates.PlateType;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Draws a fronto-parallel plate: background (gradient for new-energy plates), inner border, two
 * bolts, the characters in two groups with the separator dot between them, then dirt, a shadow and
 * uneven light. All randomness comes from the caller's {@link Random}.
 */
public final class PlateRenderer {
  private final PlateFonts fonts;

  public PlateRenderer(PlateFonts fonts) {
    this.fonts = fonts;
  }

  /** A plate image {@code heightPx} tall with the type's aspect ratio. */
  public BufferedImage render(String text, PlateType type, int heightPx, Random random) {
    PlateStyle style = PlateStyle.of(type);
    double mm = heightPx / style.heightMm();
    int width = (int) Math.round(style.widthMm() * mm);
    BufferedImage image = new BufferedImage(width, heightPx, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setPaint(new GradientPaint(0, 0, style.background(), 0, heightPx, style.backgroundEnd()));
      g.fillRect(0, 0, width, heightPx);
      drawBorderAndBolts(g, style, width, heightPx, mm);
      drawCharacters(g, text, style, width, heightPx, mm, fonts.pick(random));
      addDirt(g, width, heightPx, random);
      addLighting(g, width, heightPx, random);
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void drawBorderAndBolts(
      Graphics2D g, PlateStyle style, int width, int height, double mm) {
    g.setColor(style.text());
    g.setStroke(new BasicStroke((float) Math.max(1, 2 * mm)));
    double inset = 5 * mm;
    g.draw(
        new RoundRectangle2D.Double(
            inset, inset, width - 2 * inset, height - 2 * inset, 12 * mm, 12 * mm));
    g.setColor(new Color(0xB0, 0xB0, 0xB0));
    double bolt = 9 * mm;
    for (double x : new double[] {width * 0.2, width * 0.8}) {
      g.fillOval(
          (int) (x - bolt / 2), (int) (12 * mm), (int) Math.max(2, bolt), (int) Math.max(2, bolt));
    }
  }

  /** Characters 45 x 90 mm; the first two form the authority group, then a dot, then the serial. */
  private static void drawCharacters(
      Graphics2D g, String text, PlateStyle style, int width, int height, double mm, Font base) {
    int[] chars = text.codePoints().toArray();
    double charWidth = (chars.length == 8 ? 43 : 45) * mm;
    double gap = (chars.length == 8 ? 9 : 12) * mm;
    double dotGap = (chars.length == 8 ? 34 : 34) * mm;
    double total = chars.length * charWidth + (chars.length - 2) * gap + dotGap;
    double x = (width - total) / 2;
    double glyphHeight = 90 * mm;
    Font font = base.deriveFont(Font.PLAIN, (float) glyphHeight);
    FontMetrics metrics = g.getFontMetrics(font);
    double baseline = (height + glyphHeight) / 2 - 4 * mm;
    for (int i = 0; i < chars.length; i++) {
      String c = Character.toString(chars[i]);
      boolean suffix = i == chars.length - 1 && "警学挂".contains(c);
      g.setColor(suffix ? style.suffix() : style.text());
      double advance = metrics.stringWidth(c);
      // Latin glyphs are narrow in CJK fonts: stretch them to the plate's character cell.
      double stretch = Math.min(1.6, charWidth / Math.max(1, advance));
      Graphics2D cell = (Graphics2D) g.create();
      cell.translate(x, baseline);
      cell.scale(stretch, 1);
      cell.setFont(font);
      cell.drawString(c, 0f, 0f);
      cell.dispose();
      x += charWidth;
      if (i == 1) {
        g.setColor(style.text());
        double dot = 10 * mm;
        g.fillOval(
            (int) (x + (dotGap - dot) / 2),
            (int) (height / 2.0 - dot / 2),
            (int) Math.max(2, dot),
            (int) Math.max(2, dot));
        x += dotGap;
      } else if (i < chars.length - 1) {
        x += gap;
      }
    }
  }

  private static void addDirt(Graphics2D g, int width, int height, Random random) {
    int spots = random.nextInt(6);
    for (int i = 0; i < spots; i++) {
      g.setComposite(
          AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.1f + 0.25f * random.nextFloat()));
      int shade = 60 + random.nextInt(80);
      g.setColor(
          new Color(shade, shade - 10 < 0 ? 0 : shade - 10, shade - 25 < 0 ? 0 : shade - 25));
      int w = 2 + random.nextInt(Math.max(3, width / 5));
      int h = 2 + random.nextInt(Math.max(3, height / 3));
      g.fillOval(random.nextInt(Math.max(1, width)), random.nextInt(Math.max(1, height)), w, h);
    }
    g.setComposite(AlphaComposite.SrcOver);
  }

  /** A soft shadow from one side and a light spot: plates are rarely lit evenly. */
  private static void addLighting(Graphics2D g, int width, int height, Random random) {
    if (random.nextDouble() < 0.5) {
      g.setComposite(
          AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.15f + 0.35f * random.nextFloat()));
      boolean fromLeft = random.nextBoolean();
      g.setPaint(
          new GradientPaint(
              fromLeft ? 0 : width,
              0,
              Color.BLACK,
              fromLeft ? width * 0.7f : width * 0.3f,
              0,
              new Color(0, 0, 0, 0)));
      g.fillRect(0, 0, width, height);
    }
    if (random.nextDouble() < 0.5) {
      g.setComposite(
          AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.1f + 0.3f * random.nextFloat()));
      float cx = random.nextFloat() * width, cy = random.nextFloat() * height;
      g.setPaint(
          new RadialGradientPaint(
              cx,
              cy,
              Math.max(2, width * 0.6f),
              new float[] {0f, 1f},
              new Color[] {Color.WHITE, new Color(255, 255, 255, 0)}));
      g.fillRect(0, 0, width, height);
    }
    g.setComposite(AlphaComposite.SrcOver);
  }
}
