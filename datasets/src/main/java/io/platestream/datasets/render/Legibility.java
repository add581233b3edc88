package io.platestream.datasets.render;

import io.platestream.datasets.geometry.Point2;
import java.util.List;

/**
 * Whether a person labelling the scene could read a plate. Real datasets (CCPD, ICDAR) hold only
 * the text an annotator could read and mark the rest "do not care" ({@code ###}); a generator knows
 * every plate's text, so it must apply the same limit itself or it asks a recognizer to read blobs.
 * Two causes make a plate unreadable here: characters too few pixels tall for a Chinese province
 * character's strokes, and blur that smears across a large part of a character.
 */
public final class Legibility {
  /** Characters shorter than this lose the strokes that tell province characters apart. */
  public static final double MIN_CHARACTER_HEIGHT_PX = 16;

  /** Blur longer than this share of the character height merges neighbouring strokes. */
  public static final double MAX_BLUR_SHARE = 0.3;

  /** Character height over plate height, from the plate standard (90 mm of 140 mm). */
  private static final double CHARACTER_SHARE = 90.0 / 140.0;

  /** The height of the plate's characters in scene pixels: its shorter side edge, scaled. */
  public static double characterHeightPx(PlateInstance plate) {
    List<Point2> c = plate.corners();
    double left = distance(c.get(0), c.get(3)), right = distance(c.get(1), c.get(2));
    return CHARACTER_SHARE * Math.min(left, right);
  }

  /** How far the scene's blur smears a point, in pixels: motion length plus defocus diameter. */
  public static int blurPx(SceneConditions conditions) {
    int motion = conditions.motionBlurPx();
    int defocus = conditions.defocusRadiusPx() > 0 ? 2 * conditions.defocusRadiusPx() + 1 : 0;
    return motion + defocus;
  }

  public static boolean legible(PlateInstance plate, SceneConditions conditions) {
    double characterHeight = characterHeightPx(plate);
    return characterHeight >= MIN_CHARACTER_HEIGHT_PX
        && blurPx(conditions) <= MAX_BLUR_SHARE * characterHeight;
  }

  private static double distance(Point2 a, Point2 b) {
    return Math.hypot(a.x() - b.x(), a.y() - b.y());
  }

  private Legibility() {}
}
