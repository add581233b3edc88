package io.platestream.ingest.sampling;

import io.platestream.ingest.config.CameraConfig;
import java.awt.Polygon;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Says whether a frame differs from the last published one inside the region of interest, so that
 * an empty road does not fill Kafka with identical frames. It compares brightness on a coarse grid
 * (about 96 x 54 samples over the region's bounding box, points outside the polygon left out):
 * cheap enough to run on every sampled frame, and blind to sensor noise by the per-sample
 * threshold.
 */
public final class MotionDetector {
  /** A sample counts as changed when its brightness moves by more than this (0 to 255). */
  static final int CHANGED_LEVEL = 24;

  private static final int GRID_COLUMNS = 96;
  private static final int GRID_ROWS = 54;

  private final double threshold;
  private final List<CameraConfig.Pixel> region;
  private int[] sampleOffsets; // byte offsets of the grid samples in a BGR24 frame
  private int sampledWidth = -1;
  private int sampledHeight = -1;
  private int sampledStride = -1;
  private int[] reference;

  /**
   * @param threshold fraction of samples that must change; 0 turns detection off
   * @param region polygon in frame pixels; empty for the whole frame
   */
  public MotionDetector(double threshold, List<CameraConfig.Pixel> region) {
    this.threshold = threshold;
    this.region = List.copyOf(region);
  }

  public boolean enabled() {
    return threshold > 0;
  }

  /**
   * Whether this BGR24 frame is to be published; a published frame becomes the reference.
   *
   * @param pixels BGR24 rows of {@code stride} bytes
   */
  public boolean moved(ByteBuffer pixels, int width, int height, int stride) {
    if (!enabled()) {
      return true;
    }
    if (width != sampledWidth || height != sampledHeight || stride != sampledStride) {
      sampleOffsets = sampleGrid(width, height, stride);
      sampledWidth = width;
      sampledHeight = height;
      sampledStride = stride;
      reference = null;
    }
    int[] brightness = new int[sampleOffsets.length];
    for (int i = 0; i < sampleOffsets.length; i++) {
      int at = sampleOffsets[i];
      int b = pixels.get(at) & 0xff;
      int g = pixels.get(at + 1) & 0xff;
      int r = pixels.get(at + 2) & 0xff;
      brightness[i] = (r * 77 + g * 150 + b * 29) >> 8;
    }
    if (reference == null || sampleOffsets.length == 0) {
      reference = brightness;
      return true;
    }
    int changed = 0;
    for (int i = 0; i < brightness.length; i++) {
      if (Math.abs(brightness[i] - reference[i]) > CHANGED_LEVEL) {
        changed++;
      }
    }
    boolean moved = changed >= threshold * brightness.length;
    if (moved) {
      reference = brightness;
    }
    return moved;
  }

  private int[] sampleGrid(int width, int height, int stride) {
    Polygon polygon = new Polygon();
    if (region.isEmpty()) {
      polygon.addPoint(0, 0);
      polygon.addPoint(width, 0);
      polygon.addPoint(width, height);
      polygon.addPoint(0, height);
    } else {
      region.forEach(p -> polygon.addPoint(p.x(), p.y()));
    }
    java.awt.Rectangle box =
        polygon.getBounds().intersection(new java.awt.Rectangle(width, height));
    int[] offsets = new int[GRID_COLUMNS * GRID_ROWS];
    int count = 0;
    for (int row = 0; row < GRID_ROWS && !box.isEmpty(); row++) {
      int y = box.y + (int) ((row + 0.5) * box.height / GRID_ROWS);
      for (int column = 0; column < GRID_COLUMNS; column++) {
        int x = box.x + (int) ((column + 0.5) * box.width / GRID_COLUMNS);
        if (polygon.contains(x + 0.5, y + 0.5)) {
          offsets[count++] = y * stride + x * 3;
        }
      }
    }
    return java.util.Arrays.copyOf(offsets, count);
  }
}
