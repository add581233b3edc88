package io.platestream.detector.inference;

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
    int srcW = image.getWidth(), srcH = image.getHeight();
    int[] rgb = image.getRGB(0, 0, srcW, srcH, null, 0, srcW);
    double scaleX = (double) srcW / width, scaleY = (double) srcH / height;
    int plane = batchWidth * batchHeight;
    for (int y = 0; y < height; y++) {
      double sy = Math.max(0, (y + 0.5) * scaleY - 0.5);
      int y0 = Math.min((int) sy, srcH - 1), y1 = Math.min(y0 + 1, srcH - 1);
      double fy = sy - y0;
      for (int x = 0; x < width; x++) {
        double sx = Math.max(0, (x + 0.5) * scaleX - 0.5);
        int x0 = Math.min((int) sx, srcW - 1), x1 = Math.min(x0 + 1, srcW - 1);
        double fx = sx - x0;
        int p00 = rgb[y0 * srcW + x0],
            p10 = rgb[y0 * srcW + x1],
            p01 = rgb[y1 * srcW + x0],
            p11 = rgb[y1 * srcW + x1];
        int index = offset + y * batchWidth + x;
        // Channel 0 is blue, 1 green, 2 red: BGR, as OpenCV loads images for PaddleOCR.
        for (int c = 0; c < 3; c++) {
          int shift = c * 8;
          double top = ((p00 >> shift) & 0xff) * (1 - fx) + ((p10 >> shift) & 0xff) * fx;
          double bottom = ((p01 >> shift) & 0xff) * (1 - fx) + ((p11 >> shift) & 0xff) * fx;
          // cv2.resize rounds to uint8 before normalisation.
          double value = Math.rint(top * (1 - fy) + bottom * fy);
          chw[index + c * plane] = (float) ((value / 255.0 - MEAN[c]) / STD[c]);
        }
      }
    }
  }
}
