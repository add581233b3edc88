package io.platestream.detector.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.platestream.datasets.geometry.Point2;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.RotatedRect;
import org.junit.jupiter.api.Test;

/**
 * DB post-processing finds regions ({@link Components}) and their minimum-area rectangles ({@link
 * MinAreaRect}) in Java rather than through OpenCV's {@code findContours} / {@code minAreaRect},
 * which PaddleOCR calls. The Java versions stay because they work on the probability map where it
 * already is (a Java array, with no copy into a {@code Mat} per frame), and because their corner
 * order is PaddleOCR's {@code get_mini_boxes} by construction; this test holds them to OpenCV's
 * answers on the same inputs, so the boxes stay PaddleOCR's.
 */
class OpenCvParityTest {

  @Test
  void theMinimumAreaRectangleHasOpenCvsSidesOnRandomPointSets() {
    Random random = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      List<Point2> points = new ArrayList<>();
      double angle = random.nextDouble() * Math.PI;
      int n = 3 + random.nextInt(60);
      for (int i = 0; i < n; i++) {
        // Plate-like clouds: long along a random direction, short across it, on whole pixels.
        double along = random.nextDouble() * 200;
        double across = random.nextDouble() * 40;
        points.add(
            new Point2(
                Math.round(300 + along * Math.cos(angle) - across * Math.sin(angle)),
                Math.round(300 + along * Math.sin(angle) + across * Math.cos(angle))));
      }

      MinAreaRect ours = MinAreaRect.of(points);
      RotatedRect theirs = openCvMinAreaRect(points);

      double[] ourSides = sorted(ours.width(), ours.height());
      double[] theirSides = sorted(theirs.size().width(), theirs.size().height());
      assertThat(ourSides[0] * ourSides[1])
          .as("area, trial %d", trial)
          .isCloseTo(
              theirSides[0] * theirSides[1], within(1e-3 * (1 + theirSides[0] * theirSides[1])));
      assertThat(ours.shortSide())
          .as("short side, trial %d", trial)
          .isCloseTo(theirSides[0], within(1e-2));
    }
  }

  @Test
  void regionsAreOpenCvsOuterContoursWithTheSameRectangles() {
    Random random = new Random(11);
    int width = 160;
    int height = 96;
    for (int trial = 0; trial < 30; trial++) {
      boolean[] bitmap = new boolean[width * height];
      for (int blob = 0; blob < 1 + random.nextInt(6); blob++) {
        // Rotated, ragged bars, some touching the border, some touching each other.
        int cx = random.nextInt(width);
        int cy = random.nextInt(height);
        double angle = random.nextDouble() * Math.PI;
        int length = 6 + random.nextInt(50);
        int thickness = 2 + random.nextInt(8);
        for (int t = -length / 2; t <= length / 2; t++) {
          for (int s = -thickness / 2; s <= thickness / 2; s++) {
            if (random.nextDouble() < 0.05) continue; // a hole now and then
            int x = (int) Math.round(cx + t * Math.cos(angle) - s * Math.sin(angle));
            int y = (int) Math.round(cy + t * Math.sin(angle) + s * Math.cos(angle));
            if (x >= 0 && y >= 0 && x < width && y < height) bitmap[y * width + x] = true;
          }
        }
      }

      List<Double> ours =
          Components.boundaries(bitmap, width, height, 1000).stream()
              .map(region -> area(MinAreaRect.of(region)))
              .sorted(Comparator.reverseOrder())
              .toList();
      List<Double> theirs = openCvRegionAreas(bitmap, width, height);

      assertThat(ours).as("regions of trial %d", trial).hasSameSizeAs(theirs);
      for (int i = 0; i < ours.size(); i++) {
        assertThat(ours.get(i))
            .as("trial %d, region %d", trial, i)
            .isCloseTo(theirs.get(i), within(1e-2 + 1e-4 * theirs.get(i)));
      }
    }
  }

  private static RotatedRect openCvMinAreaRect(List<Point2> points) {
    try (Mat mat = new Mat(points.size(), 1, opencv_core.CV_32FC2)) {
      FloatBuffer buffer = mat.createBuffer();
      for (Point2 p : points) {
        buffer.put((float) p.x()).put((float) p.y());
      }
      return opencv_imgproc.minAreaRect(mat);
    }
  }

  /** Each outer contour's minimum-area rectangle area, largest first. */
  private static List<Double> openCvRegionAreas(boolean[] bitmap, int width, int height) {
    List<Double> areas = new ArrayList<>();
    try (Mat image = new Mat(height, width, opencv_core.CV_8UC1);
        MatVector contours = new MatVector()) {
      UByteIndexer pixels = image.createIndexer();
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          pixels.put(y, x, bitmap[y * width + x] ? 255 : 0);
        }
      }
      opencv_imgproc.findContours(
          image, contours, opencv_imgproc.RETR_EXTERNAL, opencv_imgproc.CHAIN_APPROX_NONE);
      for (long c = 0; c < contours.size(); c++) {
        Mat contour = contours.get(c);
        IntIndexer xy = contour.createIndexer();
        List<Point2> points = new ArrayList<>();
        for (int i = 0; i < contour.rows(); i++) {
          points.add(new Point2(xy.get(i, 0, 0), xy.get(i, 0, 1)));
        }
        RotatedRect rect = openCvMinAreaRect(points);
        areas.add((double) rect.size().width() * rect.size().height());
      }
    }
    areas.sort(Comparator.reverseOrder());
    return areas;
  }

  private static double area(MinAreaRect rect) {
    return rect.width() * rect.height();
  }

  private static double[] sorted(double a, double b) {
    return a <= b ? new double[] {a, b} : new double[] {b, a};
  }
}
