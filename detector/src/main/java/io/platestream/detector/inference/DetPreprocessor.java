package io.platestream.detector.inference;

import io.platestream.datasets.geometry.BilinearResize;
import java.awt.image.BufferedImage;

/**
 * PaddleOCR's detection pre-processing ({@code DetResizeForTest} with a side limit, then {@code
 * NormalizeImage} and {@code ToCHWImage}): scale so the longer side is at most the limit, round
 * each side to a multiple of 32 (half to even, as Python's round), resize bilinearly with
 * pixel-centre alignment (as cv2.resize), and normalise B, G, R with ImageNet's mean and std in
 * that channel order, as PaddleOCR does on OpenCV's BGR images.
 */
public final class DetPreprocessor {
  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};
  private static final float[][] NORMALISED = normalisationTable();
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
    int[] rgb = BilinearResize.rgb(image, width, height);
    int plane = batchWidth * batchHeight;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int pixel = rgb[y * width + x], index = offset + y * batchWidth + x;
        // Channel 0 is blue, 1 green, 2 red: BGR, as OpenCV loads images for PaddleOCR.
        chw[index] = NORMALISED[0][pixel & 0xff];
        chw[index + plane] = NORMALISED[1][(pixel >> 8) & 0xff];
        chw[index + 2 * plane] = NORMALISED[2][(pixel >> 16) & 0xff];
      }
    }
  }

  /** Each channel's 256 possible values, normalised once instead of once per pixel. */
  private static float[][] normalisationTable() {
    float[][] table = new float[3][256];
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) table[c][v] = (v / 255f - MEAN[c]) / STD[c];
    }
    return table;
  }
}
