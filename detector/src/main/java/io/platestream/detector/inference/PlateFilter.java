package io.platestream.detector.inference;

/**
 * Geometry that text on signs and vehicles rarely has but plates do: an aspect ratio (long edge
 * over short edge) of a plate seen with some tilt, and a minimum size that can still be read.
 * Chinese plates are 440 x 140 mm (3.1:1) or 480 x 140 mm (3.4:1); the pretrained detector often
 * outlines the characters only, slightly narrower. The fine-tuned detector is the real fix.
 */
public record PlateFilter(
    double minAspect, double maxAspect, double minWidthPx, double minHeightPx) {
  public static PlateFilter chineseDefaults() {
    return new PlateFilter(1.8, 6.5, 30, 9);
  }

  public static PlateFilter acceptAll() {
    return new PlateFilter(0, Double.MAX_VALUE, 0, 0);
  }

  public boolean accepts(TextBox box) {
    double longSide = Math.max(box.width(), box.height()),
        shortSide = Math.min(box.width(), box.height());
    if (shortSide <= 0) return false;
    double aspect = longSide / shortSide;
    return aspect >= minAspect
        && aspect <= maxAspect
        && longSide >= minWidthPx
        && shortSide >= minHeightPx;
  }
}
