package io.platestream.datasets.geometry;

import java.awt.image.BufferedImage;

/**
 * Resizes as OpenCV's {@code cv2.resize} with {@code INTER_LINEAR} does, which is what PaddleOCR's
 * pre-processing uses: pixel-centre alignment, edge pixels repeated, each channel rounded back to
 * 0..255. Returns packed RGB pixels, row-major.
 */
public final class BilinearResize {

  public static int[] rgb(BufferedImage image, int width, int height) {
    int srcW = image.getWidth(), srcH = image.getHeight();
    int[] src = image.getRGB(0, 0, srcW, srcH, null, 0, srcW);
    int[] out = new int[width * height];
    double scaleX = (double) srcW / width, scaleY = (double) srcH / height;
    for (int y = 0; y < height; y++) {
      double sy = Math.max(0, (y + 0.5) * scaleY - 0.5);
      int y0 = Math.min((int) sy, srcH - 1), y1 = Math.min(y0 + 1, srcH - 1);
      double fy = sy - y0;
      for (int x = 0; x < width; x++) {
        double sx = Math.max(0, (x + 0.5) * scaleX - 0.5);
        int x0 = Math.min((int) sx, srcW - 1), x1 = Math.min(x0 + 1, srcW - 1);
        double fx = sx - x0;
        int p00 = src[y0 * srcW + x0],
            p10 = src[y0 * srcW + x1],
            p01 = src[y1 * srcW + x0],
            p11 = src[y1 * srcW + x1];
        int pixel = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
          double top = ((p00 >> shift) & 0xff) * (1 - fx) + ((p10 >> shift) & 0xff) * fx;
          double bottom = ((p01 >> shift) & 0xff) * (1 - fx) + ((p11 >> shift) & 0xff) * fx;
          pixel |= ((int) Math.rint(top * (1 - fy) + bottom * fy)) << shift;
        }
        out[y * width + x] = pixel;
      }
    }
    return out;
  }

  private BilinearResize() {}
}
