package io.platestream.detector.inference;

/** The detector's per-pixel text probability for one image, row-major, in resized-image pixels. */
public record ProbabilityMap(float[] values, int width, int height) {
  public ProbabilityMap {
    if (values.length != width * height) {
      throw new IllegalArgumentException(
          "map of "
              + width
              + " x "
              + height
              + " needs "
              + width * height
              + " values, got "
              + values.length);
    }
  }

  public float at(int x, int y) {
    return values[y * width + x];
  }
}
