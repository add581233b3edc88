package io.platestream.datasets.render;

import io.platestream.datasets.plates.PlateType;
import java.util.List;

/**
 * How synthetic traffic scenes are drawn. {@link #defaults()} gives 1280x720 scenes with one or two
 * plates from 60 px wide to about a third of the frame, up to three distractor texts, and each
 * degradation on a share of the scenes.
 */
public record SceneConfig(
    int width,
    int height,
    int maxPlates,
    int minPlateWidthPx,
    double maxPlateWidthShare,
    double maxHorizontalTiltDeg,
    double maxVerticalTiltDeg,
    double maxRollDeg,
    int maxDistractors,
    List<PlateType> plateTypes,
    double nightShare,
    double motionBlurShare,
    double defocusShare,
    double noiseShare,
    int minJpegQuality) {

  public SceneConfig {
    if (width < 64 || height < 64)
      throw new IllegalArgumentException("scene must be at least 64 x 64 px");
    if (minPlateWidthPx < 20)
      throw new IllegalArgumentException("plates narrower than 20 px cannot be drawn legibly");
    if (maxPlateWidthShare <= 0 || maxPlateWidthShare > 0.95)
      throw new IllegalArgumentException("maxPlateWidthShare must be in (0, 0.95]");
    if (minPlateWidthPx > maxPlateWidthShare * width)
      throw new IllegalArgumentException("minPlateWidthPx exceeds the widest plate allowed");
    if (maxPlates < 1) throw new IllegalArgumentException("maxPlates must be at least 1");
    plateTypes = List.copyOf(plateTypes);
    if (plateTypes.isEmpty())
      throw new IllegalArgumentException("at least one plate type is needed");
  }

  public static SceneConfig defaults() {
    return new SceneConfig(
        1280,
        720,
        2,
        60,
        0.35,
        35,
        25,
        8,
        3,
        List.of(
            PlateType.BLUE,
            PlateType.BLUE,
            PlateType.BLUE,
            PlateType.GREEN_SMALL,
            PlateType.GREEN_SMALL,
            PlateType.GREEN_LARGE,
            PlateType.YELLOW,
            PlateType.POLICE,
            PlateType.COACH,
            PlateType.TRAILER),
        0.15,
        0.15,
        0.15,
        0.5,
        40);
  }

  public SceneConfig withSize(int newWidth, int newHeight) {
    return new SceneConfig(
        newWidth,
        newHeight,
        maxPlates,
        minPlateWidthPx,
        maxPlateWidthShare,
        maxHorizontalTiltDeg,
        maxVerticalTiltDeg,
        maxRollDeg,
        maxDistractors,
        plateTypes,
        nightShare,
        motionBlurShare,
        defocusShare,
        noiseShare,
        minJpegQuality);
  }

  public SceneConfig withPlateWidths(int minPx, double maxShare) {
    return new SceneConfig(
        width,
        height,
        maxPlates,
        minPx,
        maxShare,
        maxHorizontalTiltDeg,
        maxVerticalTiltDeg,
        maxRollDeg,
        maxDistractors,
        plateTypes,
        nightShare,
        motionBlurShare,
        defocusShare,
        noiseShare,
        minJpegQuality);
  }

  /** The same scenes without night, blur, noise or heavy JPEG: for tests that isolate geometry. */
  public SceneConfig clean() {
    return new SceneConfig(
        width,
        height,
        maxPlates,
        minPlateWidthPx,
        maxPlateWidthShare,
        maxHorizontalTiltDeg,
        maxVerticalTiltDeg,
        maxRollDeg,
        maxDistractors,
        plateTypes,
        0,
        0,
        0,
        0,
        95);
  }
}
