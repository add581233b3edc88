package io.platestream.datasets.render;

import io.platestream.datasets.geometry.PerspectiveWarp;
import io.platestream.datasets.geometry.Point2;
import io.platestream.datasets.plates.PlateTextGenerator;
import io.platestream.datasets.plates.PlateType;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Draws traffic scenes: a cluttered street background, distractor text on signs and shop fronts,
 * car-like shapes, and a plate on each car seen with perspective tilt; then night, blur, noise and
 * JPEG artefacts on a share of the scenes. A scene depends only on the config and the seed.
 */
public final class SceneRenderer {
  /** Texts that look like text to a generic detector but are not plates. */
  private static final List<String> DISTRACTOR_TEXTS =
      List.of(
          "便利超市",
          "中国银行",
          "停车场入口",
          "出口",
          "限速 60",
          "加油站",
          "川菜馆",
          "大药房",
          "公交车站",
          "欢迎光临",
          "OPEN 24H",
          "PARKING",
          "HOTEL",
          "EXIT",
          "SALE 50%",
          "TAXI",
          "138 0013 8000",
          "WiFi",
          "KTV",
          "No.128");

  private static final List<String> CAR_BADGES =
      List.of("VOLTA", "AURA", "MERO", "KITE", "新能源", "HYBRID", "2.0T", "EV");

  private final SceneConfig config;
  private final PlateFonts fonts;
  private final PlateRenderer plates;

  public SceneRenderer(SceneConfig config, PlateFonts fonts) {
    this.config = config;
    this.fonts = fonts;
    this.plates = new PlateRenderer(fonts);
  }

  SceneConfig config() {
    return config;
  }

  PlateRenderer plates() {
    return plates;
  }

  public Scene render(long seed) {
    Random random = new Random(seed);
    PlateTextGenerator texts = new PlateTextGenerator(random.nextLong());
    BufferedImage image =
        new BufferedImage(config.width(), config.height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    List<List<Point2>> distractors = new ArrayList<>();
    List<PlateInstance> instances = new ArrayList<>();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      drawBackground(g, random);
      int plateCount = 1 + random.nextInt(config.maxPlates());
      double slotWidth = (double) config.width() / plateCount;
      List<Rectangle2D> cars = new ArrayList<>();
      for (int i = 0; i < plateCount; i++) {
        PlateType type = config.plateTypes().get(random.nextInt(config.plateTypes().size()));
        instances.add(
            drawCarWithPlate(
                g,
                image,
                random,
                texts.next(type),
                type,
                slotWidth * i,
                slotWidth,
                distractors,
                cars));
      }
      // Signs go where no car is, so every recorded distractor is visible.
      int distractorCount = random.nextInt(config.maxDistractors() + 1);
      for (int i = 0; i < distractorCount; i++) {
        drawSign(g, random, cars).ifPresent(distractors::add);
      }
    } finally {
      g.dispose();
    }
    return degrade(image, instances, distractors, random);
  }

  void drawBackground(Graphics2D g, Random random) {
    int w = config.width(), h = config.height();
    int horizon = (int) (h * (0.3 + 0.2 * random.nextDouble()));
    g.setPaint(
        new GradientPaint(
            0, 0, randomColor(random, 150, 230), 0, horizon, randomColor(random, 120, 200)));
    g.fillRect(0, 0, w, horizon);
    for (int x = 0; x < w; ) {
      int bw = 60 + random.nextInt(200), bh = 40 + random.nextInt(Math.max(41, horizon));
      Color wall = randomColor(random, 60, 200);
      g.setColor(wall);
      g.fillRect(x, horizon - bh, bw, bh + 10);
      g.setColor(wall.darker());
      for (int wy = horizon - bh + 8; wy < horizon - 10; wy += 18) {
        for (int wx = x + 6; wx < x + bw - 12; wx += 16) {
          if (random.nextDouble() < 0.7) g.fillRect(wx, wy, 9, 10);
        }
      }
      x += bw + random.nextInt(20);
    }
    g.setPaint(new GradientPaint(0, horizon, new Color(90, 90, 95), 0, h, new Color(55, 55, 60)));
    g.fillRect(0, horizon, w, h - horizon);
    g.setStroke(new BasicStroke(4));
    g.setColor(new Color(220, 220, 200));
    for (int i = 0; i < 6; i++) {
      int x = random.nextInt(w);
      g.drawLine(x, h, x + random.nextInt(200) - 100, horizon);
    }
    for (int i = 0; i < 40; i++) {
      g.setColor(new Color(randomColor(random, 0, 255).getRGB() & 0x30ffffff, true));
      g.fillOval(
          random.nextInt(w), random.nextInt(h), 5 + random.nextInt(60), 5 + random.nextInt(40));
    }
  }

  /**
   * A board with text away from the cars; returns the outline of its text, which a plate detector
   * must not report, or nothing when no free place was found in a few tries.
   */
  Optional<List<Point2>> drawSign(Graphics2D g, Random random, List<Rectangle2D> cars) {
    String text = DISTRACTOR_TEXTS.get(random.nextInt(DISTRACTOR_TEXTS.size()));
    Font font = fonts.pick(random).deriveFont(Font.BOLD, 18f + random.nextInt(40));
    FontMetrics metrics = g.getFontMetrics(font);
    int textWidth = metrics.stringWidth(text),
        textHeight = metrics.getAscent() + metrics.getDescent();
    int pad = 8 + random.nextInt(12);
    int x = 0, y = 0;
    boolean free = false;
    for (int attempt = 0; attempt < 8 && !free; attempt++) {
      x = pad + random.nextInt(Math.max(1, config.width() - textWidth - 2 * pad));
      y = pad + random.nextInt(Math.max(1, config.height() - textHeight - 2 * pad));
      Rectangle2D board =
          new Rectangle2D.Double(
              x - 2 * pad, y - 2 * pad, textWidth + 4 * pad, textHeight + 4 * pad);
      free = cars.stream().noneMatch(board::intersects);
    }
    if (!free) {
      return Optional.empty(); // no free place in a few tries: fewer signs in this scene
    }
    double angle = Math.toRadians((random.nextDouble() - 0.5) * 10);
    AffineTransform transform =
        AffineTransform.getRotateInstance(angle, x + textWidth / 2.0, y + textHeight / 2.0);
    Graphics2D sign = (Graphics2D) g.create();
    sign.transform(transform);
    Color board = randomColor(random, 20, 240);
    sign.setColor(board);
    sign.fillRect(x - pad, y - pad, textWidth + 2 * pad, textHeight + 2 * pad);
    sign.setColor(luminance(board) > 128 ? new Color(20, 20, 20) : new Color(245, 245, 245));
    sign.setFont(font);
    sign.drawString(text, x, y + metrics.getAscent());
    sign.dispose();
    return Optional.of(transformed(transform, x, y, x + textWidth, y + textHeight));
  }

  private PlateInstance drawCarWithPlate(
      Graphics2D g,
      BufferedImage image,
      Random random,
      String text,
      PlateType type,
      double slotLeft,
      double slotWidth,
      List<List<Point2>> distractors,
      List<Rectangle2D> cars) {
    double aspect = type.length() == 8 ? 480.0 / 140 : 440.0 / 140;
    double bodyFactor = 3.6 + random.nextDouble(); // car width over plate width
    boolean shared = slotWidth < config.width();
    // With several cars each stays inside its slot, so no car covers another car's plate.
    double maxWidth = config.maxPlateWidthShare() * config.width();
    if (shared) maxWidth = Math.min(maxWidth, 0.95 * slotWidth / bodyFactor);
    double minWidth = Math.min(config.minPlateWidthPx(), maxWidth);
    // Log-uniform: small, distant plates are as common as close ones.
    double plateWidth = minWidth * Math.pow(maxWidth / minWidth, random.nextDouble());
    double plateHeight = plateWidth / aspect;
    double bodyWidth = plateWidth * bodyFactor;
    double cx =
        shared
            ? slotLeft + bodyWidth / 2 + Math.max(0, slotWidth - bodyWidth) * random.nextDouble()
            : slotLeft + slotWidth * (0.3 + 0.4 * random.nextDouble());
    double cy = config.height() * (0.55 + 0.3 * random.nextDouble());
    cy = Math.min(cy, config.height() - plateHeight * 1.5);

    cars.add(drawCar(g, random, cx, cy, plateWidth, bodyWidth, distractors));

    double yaw = Math.toRadians((random.nextDouble() * 2 - 1) * config.maxHorizontalTiltDeg());
    double pitch = Math.toRadians((random.nextDouble() * 2 - 1) * config.maxVerticalTiltDeg());
    double roll = Math.toRadians((random.nextDouble() * 2 - 1) * config.maxRollDeg());
    List<Point2> corners = project(cx, cy, plateWidth, plateHeight, yaw, pitch, roll);
    int renderHeight = (int) Math.max(24, Math.min(200, plateHeight * 2));
    BufferedImage plate = plates.render(text, type, renderHeight, random);
    PerspectiveWarp.paintInto(image, plate, corners);
    return new PlateInstance(text, type, corners, Math.toDegrees(yaw), Math.toDegrees(pitch));
  }

  /** A car body, windscreen, lights, wheels and a badge around its plate; returns its extent. */
  Rectangle2D drawCar(
      Graphics2D g,
      Random random,
      double cx,
      double cy,
      double plateWidth,
      double bodyWidth,
      List<List<Point2>> distractors) {
    double bodyHeight = bodyWidth * (0.45 + 0.15 * random.nextDouble());
    double left = cx - bodyWidth / 2, top = cy - bodyHeight * 0.7;
    Color paint = randomColor(random, 20, 235);
    g.setColor(new Color(20, 20, 20));
    g.fillRoundRect(
        (int) (left + bodyWidth * 0.06),
        (int) (top + bodyHeight * 0.85),
        (int) (bodyWidth * 0.18),
        (int) (bodyHeight * 0.3),
        8,
        8);
    g.fillRoundRect(
        (int) (left + bodyWidth * 0.76),
        (int) (top + bodyHeight * 0.85),
        (int) (bodyWidth * 0.18),
        (int) (bodyHeight * 0.3),
        8,
        8);
    g.setColor(paint);
    g.fill(
        new RoundRectangle2D.Double(
            left, top, bodyWidth, bodyHeight, bodyWidth * 0.15, bodyWidth * 0.15));
    g.setColor(new Color(60, 80, 100));
    g.fill(
        new RoundRectangle2D.Double(
            left + bodyWidth * 0.15,
            top - bodyHeight * 0.35,
            bodyWidth * 0.7,
            bodyHeight * 0.45,
            20,
            20));
    g.setColor(new Color(250, 240, 200));
    g.fillOval(
        (int) (left + bodyWidth * 0.05),
        (int) (top + bodyHeight * 0.25),
        (int) (bodyWidth * 0.14),
        (int) (bodyHeight * 0.18));
    g.fillOval(
        (int) (left + bodyWidth * 0.81),
        (int) (top + bodyHeight * 0.25),
        (int) (bodyWidth * 0.14),
        (int) (bodyHeight * 0.18));
    if (random.nextDouble() < 0.6) {
      String badge = CAR_BADGES.get(random.nextInt(CAR_BADGES.size()));
      Font font = fonts.pick(random).deriveFont(Font.BOLD, (float) Math.max(8, plateWidth * 0.18));
      FontMetrics metrics = g.getFontMetrics(font);
      int x = (int) (cx - metrics.stringWidth(badge) / 2.0), y = (int) (top + bodyHeight * 0.3);
      g.setColor(luminance(paint) > 128 ? new Color(30, 30, 30) : new Color(225, 225, 225));
      g.setFont(font);
      g.drawString(badge, x, y);
      distractors.add(
          transformed(
              new AffineTransform(),
              x,
              y - metrics.getAscent(),
              x + metrics.stringWidth(badge),
              y + metrics.getDescent()));
    }
    return new Rectangle2D.Double(left, top - bodyHeight * 0.35, bodyWidth, bodyHeight * 1.5);
  }

  /**
   * Corners of a plate of the given size centred at (cx, cy) after turning it by yaw (about the
   * vertical axis), pitch (horizontal axis) and roll (viewing axis), seen by a pinhole camera whose
   * focal length is 1.5 frame widths.
   */
  List<Point2> project(
      double cx, double cy, double width, double height, double yaw, double pitch, double roll) {
    double focal = 1.5 * config.width();
    double[][] local = {
      {-width / 2, -height / 2},
      {width / 2, -height / 2},
      {width / 2, height / 2},
      {-width / 2, height / 2}
    };
    List<Point2> corners = new ArrayList<>(4);
    for (double[] p : local) {
      double x = p[0] * Math.cos(roll) - p[1] * Math.sin(roll);
      double y = p[0] * Math.sin(roll) + p[1] * Math.cos(roll);
      double z = 0;
      double x1 = x * Math.cos(yaw) + z * Math.sin(yaw),
          z1 = -x * Math.sin(yaw) + z * Math.cos(yaw);
      double y2 = y * Math.cos(pitch) - z1 * Math.sin(pitch),
          z2 = y * Math.sin(pitch) + z1 * Math.cos(pitch);
      double scale = focal / (focal + z2);
      corners.add(new Point2(cx + x1 * scale, cy + y2 * scale));
    }
    return corners;
  }

  private Scene degrade(
      BufferedImage image,
      List<PlateInstance> plates,
      List<List<Point2>> distractors,
      Random random) {
    boolean night = random.nextDouble() < config.nightShare();
    boolean motion = random.nextDouble() < config.motionBlurShare();
    boolean defocus = random.nextDouble() < config.defocusShare();
    double sigma = random.nextDouble() < config.noiseShare() ? 2 + 8 * random.nextDouble() : 0;
    int quality =
        config.minJpegQuality() + random.nextInt(Math.max(1, 96 - config.minJpegQuality()));
    if (night) image = Degradations.night(image, 0.35 + 0.3 * random.nextDouble());
    int motionPx = motion ? 3 + random.nextInt(6) : 0;
    if (motion) image = Degradations.motionBlur(image, motionPx);
    int defocusRadius = defocus ? 1 + random.nextInt(2) : 0;
    if (defocus) image = Degradations.defocus(image, defocusRadius);
    if (sigma > 0) image = Degradations.noise(image, sigma, random);
    image = Degradations.jpegArtefacts(image, quality);
    return new Scene(
        image,
        plates,
        distractors,
        new SceneConditions(night, motionPx, defocusRadius, sigma, quality));
  }

  private static List<Point2> transformed(
      AffineTransform transform, double l, double t, double r, double b) {
    double[] pts = {l, t, r, t, r, b, l, b};
    transform.transform(pts, 0, pts, 0, 4);
    return List.of(
        new Point2(pts[0], pts[1]),
        new Point2(pts[2], pts[3]),
        new Point2(pts[4], pts[5]),
        new Point2(pts[6], pts[7]));
  }

  private static Color randomColor(Random random, int min, int max) {
    int span = Math.max(1, max - min);
    return new Color(
        min + random.nextInt(span), min + random.nextInt(span), min + random.nextInt(span));
  }

  private static double luminance(Color c) {
    return 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
  }
}
