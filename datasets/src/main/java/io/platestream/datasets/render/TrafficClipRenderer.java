package io.platestream.datasets.render;

import io.platestream.datasets.geometry.PerspectiveWarp;
import io.platestream.datasets.geometry.Point2;
import io.platestream.datasets.image.Images;
import io.platestream.datasets.plates.PlateTextGenerator;
import io.platestream.datasets.plates.PlateType;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Frames of a traffic clip: a fixed street (background and signs drawn once) and vehicles that
 * drive towards the camera one after another, their plates growing from the minimum plate width to
 * about a quarter of the frame. Passes are separated by a gap, so each is one event.
 */
public final class TrafficClipRenderer {
  private static final double MIN_PASS_SECONDS = 1.5, MAX_PASS_SECONDS = 3.0, MAX_GAP_SECONDS = 1.0;
  private final SceneRenderer scenes;
  private final Map<Long, BufferedImage> backgrounds = new HashMap<>();
  private final Map<String, BufferedImage> plateImages = new HashMap<>();

  public TrafficClipRenderer(SceneRenderer scenes) {
    this.scenes = scenes;
  }

  /** Plans {@code passes} vehicles at {@code fps}; the clip lasts as long as they need. */
  public TrafficClip plan(long seed, int fps, int passes) {
    if (fps < 1 || passes < 1)
      throw new IllegalArgumentException("a clip needs fps >= 1 and at least one pass");
    Random random = new Random(seed);
    PlateTextGenerator texts = new PlateTextGenerator(random.nextLong());
    SceneConfig config = scenes.config();
    List<TrafficClip.Pass> planned = new ArrayList<>();
    int frame = (int) Math.round(fps * 0.3);
    for (int id = 0; id < passes; id++) {
      PlateType type = config.plateTypes().get(random.nextInt(config.plateTypes().size()));
      int length =
          (int)
              Math.round(
                  fps
                      * (MIN_PASS_SECONDS
                          + random.nextDouble() * (MAX_PASS_SECONDS - MIN_PASS_SECONDS)));
      double lane = config.width() * (0.3 + 0.4 * random.nextDouble());
      double yaw = (random.nextDouble() * 2 - 1) * 15, pitch = (random.nextDouble() * 2 - 1) * 10;
      planned.add(
          new TrafficClip.Pass(
              id,
              texts.next(type),
              type,
              frame,
              frame + Math.max(1, length) - 1,
              lane,
              yaw,
              pitch));
      frame += length + (int) Math.round(fps * (0.3 + random.nextDouble() * MAX_GAP_SECONDS));
    }
    return new TrafficClip(seed, config.width(), config.height(), fps, frame, planned);
  }

  /** The plates visible in one frame, where they are. */
  public List<TrafficClip.FramePlate> groundTruth(TrafficClip clip, int frame) {
    List<TrafficClip.FramePlate> plates = new ArrayList<>();
    for (TrafficClip.Pass pass : clip.passes()) {
      if (pass.visibleIn(frame)) {
        Placement at = placement(clip, pass, frame);
        plates.add(new TrafficClip.FramePlate(pass.id(), pass.plate(), at.corners()));
      }
    }
    return plates;
  }

  /** Draws one frame. */
  public BufferedImage frame(TrafficClip clip, int frame) {
    BufferedImage image = Images.copyRgb(background(clip));
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      for (TrafficClip.Pass pass : clip.passes()) {
        if (!pass.visibleIn(frame)) continue;
        Placement at = placement(clip, pass, frame);
        // The car's look depends on the pass only, so it does not flicker between frames.
        scenes.drawCar(
            g,
            new Random(clip.seed() * 31 + pass.id()),
            at.cx(),
            at.cy(),
            at.plateWidth(),
            at.plateWidth() * 4,
            new ArrayList<>());
        PerspectiveWarp.paintInto(image, plateImage(clip, pass), at.corners());
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private record Placement(double cx, double cy, double plateWidth, List<Point2> corners) {}

  /** Plates approach the camera: they grow and move down the frame as the pass progresses. */
  private Placement placement(TrafficClip clip, TrafficClip.Pass pass, int frame) {
    SceneConfig config = scenes.config();
    double t = pass.progress(frame);
    double minWidth = config.minPlateWidthPx(),
        maxWidth = Math.max(minWidth, 0.25 * config.width());
    double plateWidth = minWidth + (maxWidth - minWidth) * t * t;
    double aspect = pass.type().length() == 8 ? 480.0 / 140 : 440.0 / 140;
    double cy = config.height() * (0.45 + 0.4 * t);
    List<Point2> corners =
        scenes.project(
            pass.laneX(),
            cy,
            plateWidth,
            plateWidth / aspect,
            Math.toRadians(pass.yawDeg()),
            Math.toRadians(pass.pitchDeg()),
            0);
    return new Placement(pass.laneX(), cy, plateWidth, corners);
  }

  private BufferedImage background(TrafficClip clip) {
    return backgrounds.computeIfAbsent(
        clip.seed(),
        seed -> {
          BufferedImage image =
              new BufferedImage(clip.width(), clip.height(), BufferedImage.TYPE_INT_RGB);
          Graphics2D g = image.createGraphics();
          g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
          g.setRenderingHint(
              RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
          Random random = new Random(seed);
          scenes.drawBackground(g, random);
          // Signs only in the upper third, above where the vehicles drive.
          List<java.awt.geom.Rectangle2D> road =
              List.of(
                  new java.awt.geom.Rectangle2D.Double(
                      0, clip.height() / 3.0, clip.width(), clip.height()));
          for (int i = 0; i < scenes.config().maxDistractors(); i++)
            scenes.drawSign(g, random, road);
          g.dispose();
          return image;
        });
  }

  private BufferedImage plateImage(TrafficClip clip, TrafficClip.Pass pass) {
    return plateImages.computeIfAbsent(
        clip.seed() + "/" + pass.id(),
        key ->
            scenes
                .plates()
                .render(pass.plate(), pass.type(), 120, new Random(clip.seed() * 17 + pass.id())));
  }
}
