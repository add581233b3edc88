package io.platestream.detector.inference;

import io.platestream.datasets.geometry.Point2;
import java.util.ArrayList;
import java.util.List;

/**
 * Boundary pixels of the 8-connected foreground regions of a bitmap: what {@code findContours}
 * yields for DB post-processing, where only each region's hull matters (its min-area rectangle).
 */
final class Components {

  /**
   * Each region's boundary pixels (pixels with a 4-neighbour outside the region), at most {@code
   * max} regions.
   */
  static List<List<Point2>> boundaries(boolean[] bitmap, int width, int height, int max) {
    int[] label = new int[bitmap.length];
    int[] stack = new int[bitmap.length];
    List<List<Point2>> regions = new ArrayList<>();
    int next = 0;
    for (int start = 0; start < bitmap.length && regions.size() < max; start++) {
      if (!bitmap[start] || label[start] != 0) continue;
      next++;
      List<Point2> boundary = new ArrayList<>();
      int top = 0;
      stack[top++] = start;
      label[start] = next;
      while (top > 0) {
        int i = stack[--top];
        int x = i % width, y = i / width;
        if (x == 0
            || y == 0
            || x == width - 1
            || y == height - 1
            || !bitmap[i - 1]
            || !bitmap[i + 1]
            || !bitmap[i - width]
            || !bitmap[i + width]) {
          boundary.add(new Point2(x, y));
        }
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            int nx = x + dx, ny = y + dy;
            if ((dx == 0 && dy == 0) || nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
            int n = ny * width + nx;
            if (bitmap[n] && label[n] == 0) {
              label[n] = next;
              stack[top++] = n;
            }
          }
        }
      }
      regions.add(boundary);
    }
    return regions;
  }

  private Components() {}
}
