package io.platestream.datasets.geometry;

import java.util.List;

/** A 3x3 projective transform between two planes, estimated from four point pairs. */
public final class Homography {
  private final double[] m; // row-major, m[8] == 1

  private Homography(double[] m) {
    this.m = m;
  }

  /**
   * The transform that maps each {@code from} point onto the {@code to} point at the same index.
   */
  public static Homography fromQuads(List<Point2> from, List<Point2> to) {
    if (from.size() != 4 || to.size() != 4) {
      throw new IllegalArgumentException("a homography needs exactly 4 point pairs");
    }
    double[][] a = new double[8][9];
    for (int i = 0; i < 4; i++) {
      double x = from.get(i).x(), y = from.get(i).y(), u = to.get(i).x(), v = to.get(i).y();
      a[2 * i] = new double[] {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
      a[2 * i + 1] = new double[] {0, 0, 0, x, y, 1, -v * x, -v * y, v};
    }
    double[] h = solve(a);
    return new Homography(new double[] {h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1});
  }

  public Point2 apply(Point2 p) {
    return apply(p.x(), p.y());
  }

  public Point2 apply(double x, double y) {
    double w = m[6] * x + m[7] * y + m[8];
    return new Point2((m[0] * x + m[1] * y + m[2]) / w, (m[3] * x + m[4] * y + m[5]) / w);
  }

  /** The inverse transform (adjugate over determinant). */
  public Homography inverse() {
    double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
    double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
    if (Math.abs(det) < 1e-12) {
      throw new IllegalStateException(
          "the quadrilateral is degenerate: its homography has no inverse");
    }
    double[] inv = {
      (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
      (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
      (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det
    };
    double scale = inv[8];
    for (int k = 0; k < 9; k++) inv[k] /= scale;
    return new Homography(inv);
  }

  /** Gaussian elimination with partial pivoting on an 8x9 augmented matrix. */
  private static double[] solve(double[][] a) {
    int n = 8;
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int row = col + 1; row < n; row++) {
        if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) pivot = row;
      }
      if (Math.abs(a[pivot][col]) < 1e-12) {
        throw new IllegalArgumentException(
            "the four points are collinear or repeated: no homography");
      }
      double[] swap = a[col];
      a[col] = a[pivot];
      a[pivot] = swap;
      for (int row = 0; row < n; row++) {
        if (row == col) continue;
        double factor = a[row][col] / a[col][col];
        for (int k = col; k <= n; k++) a[row][k] -= factor * a[col][k];
      }
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = a[i][n] / a[i][i];
    return x;
  }
}
