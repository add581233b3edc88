package io.platestream.detector.inference;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * PaddleOCR's detection pre-processing ({@code DetResizeForTest} with a side limit, then {@code
 * NormalizeImage} and {@code ToCHWImage}): scale so the longer side is at most the limit, round
 * each side to a multiple of 32 (half to even, as Python's round), resize with OpenCV's {@code
 * resize} and {@code INTER_LINEAR} (what PaddleOCR calls), and normalise B, G, R with ImageNet's
 * mean and std in that channel order, as PaddleOCR does on OpenCV's BGR images.
 */
public final class DetPreprocessor {
  private static final double[] MEAN = {0.485, 0.456, 0.406};
  private static final double[] STD = {0.229, 0.224, 0.225};
  private final int sideLimit;

  public DetPreprocessor(int sideLimit) {
    if (sideLimit < 32)
      throw new IllegalArgumentException("side limit must be at least 32, got " + sideLimit);
    this.sideLimit = sideLimit;
  }

  /** The size an image of {@code width x height} is resized to: {width, height}. */
  public int[] targetSize(int width, int height) {
    double ratio =
        Math.max(width, height) > sideLimit ? (double) sideLimit / Math.max(width, height) : 1.0;
    int w = (int) (width * ratio), h = (int) (height * ratio);
    return new int[] {
      Math.max((int) Math.rint(w / 32.0) * 32, 32), Math.max((int) Math.rint(h / 32.0) * 32, 32)
    };
  }

  /**
   * Writes the image, resized to {@code width x height}, into {@code chw} at {@code offset} as a
   * {@code [3, batchHeight, batchWidth]} plane set; the area right and below the image stays 0.
   */
  public void writeInto(
      BufferedImage image,
      int width,
      int height,
      float[] chw,
      int offset,
      int batchWidth,
      int batchHeight) {
    writeInto(
        NativeImages.ofThisThread().bgrx(image),
        width,
        height,
        chw,
        offset,
        batchWidth,
        batchHeight);
  }

  /**
   * One frame from native memory (B, G, R, or B, G, R, x) resized to {@code width x height} and
   * written into the direct buffer {@code tensor} as the {@code [3, height, width]} planes starting
   * at float {@code offset} (frame k of a batch starts at {@code k * 3 * width * height}): the
   * normalised planes are written straight into the buffer ONNX Runtime reads.
   */
  void writeInto(Mat bgr, int width, int height, FloatBuffer tensor, int offset) {
    NativeImages buffers = NativeImages.ofThisThread();
    int plane = width * height;
    resizeAndSplit(bgr, width, height, buffers);
    for (int c = 0; c < 3; c++) {
      // A Mat over the plane's place in the buffer: convertTo writes there, as the size matches.
      try (Mat channel = buffers.planes.get(c);
          FloatPointer planeStart = new FloatPointer(tensor.slice(offset + c * plane, plane));
          Mat target = new Mat(height, width, CV_32F, planeStart)) {
        normalise(channel, c, target);
      }
    }
  }

  /** The same from a frame already in native memory: B, G, R, or B, G, R, x (x unused). */
  void writeInto(
      Mat bgr, int width, int height, float[] chw, int offset, int batchWidth, int batchHeight) {
    NativeImages buffers = NativeImages.ofThisThread();
    resizeAndSplit(bgr, width, height, buffers);
    int plane = batchWidth * batchHeight;
    for (int c = 0; c < 3; c++) {
      try (Mat channel = buffers.planes.get(c)) {
        normalise(channel, c, buffers.normalised);
      }
      try (FloatPointer values = new FloatPointer(buffers.normalised.data())) {
        int start = offset + c * plane;
        if (batchWidth == width) {
          values.get(chw, start, width * height);
        } else {
          for (int y = 0; y < height; y++) {
            values.position((long) y * width).get(chw, start + y * batchWidth, width);
          }
        }
      }
    }
  }

  private static void resizeAndSplit(Mat bgr, int width, int height, NativeImages buffers) {
    try (Size size = new Size(width, height)) {
      resize(bgr, buffers.resized, size, 0, 0, INTER_LINEAR);
    }
    split(buffers.resized, buffers.planes);
  }

  /** Plane 0 is blue, 1 green, 2 red: BGR, as OpenCV loads images for PaddleOCR. */
  private static void normalise(Mat channel, int c, Mat target) {
    channel.convertTo(target, CV_32F, 1 / (255 * STD[c]), -MEAN[c] / STD[c]);
  }
}
