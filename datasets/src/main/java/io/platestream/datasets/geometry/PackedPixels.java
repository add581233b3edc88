package io.platestream.datasets.geometry;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * An image's pixels as packed RGB, row-major, read in place where the image allows it: per-pixel
 * {@code getRGB} goes through a colour-model conversion, which dominates the per-frame resizing and
 * warping loops.
 */
public final class PackedPixels {

  /**
   * The image's own array when it is a whole packed-RGB image (read only, never written), else
   * null.
   */
  static int[] inPlaceOrNull(BufferedImage image) {
    int w = image.getWidth(), h = image.getHeight();
    if (image.getType() == BufferedImage.TYPE_INT_RGB
        && image.getRaster().getParent() == null
        && image.getRaster().getDataBuffer() instanceof DataBufferInt buffer
        && buffer.getNumBanks() == 1
        && buffer.getOffset() == 0
        && image.getSampleModel() instanceof SinglePixelPackedSampleModel model
        && model.getScanlineStride() == w
        && buffer.getData().length == w * h) {
      return buffer.getData();
    }
    return null;
  }

  /** The image's own array where {@link #inPlaceOrNull} allows it, else a converted copy. */
  public static int[] of(BufferedImage image) {
    int[] inPlace = inPlaceOrNull(image);
    if (inPlace != null) {
      return inPlace;
    }
    int w = image.getWidth(), h = image.getHeight();
    return image.getRGB(0, 0, w, h, null, 0, w);
  }

  private PackedPixels() {}
}
