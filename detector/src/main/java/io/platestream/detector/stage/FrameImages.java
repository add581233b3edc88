package io.platestream.detector.stage;

import io.platestream.datasets.image.Images;
import io.platestream.detector.inference.JpegDecoder;
import io.platestream.schemas.Frame;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;

/** JPEG in and out of the stage's records. */
final class FrameImages {

  /** The frame's image as packed RGB, checked against the size the frame claims. */
  static BufferedImage decode(Frame frame) {
    ByteBuffer jpeg = frame.getJpeg().duplicate();
    byte[] bytes = new byte[jpeg.remaining()];
    jpeg.get(bytes);
    BufferedImage image;
    try {
      image = JpegDecoder.decode(bytes);
    } catch (RuntimeException e) {
      throw new UndecodableFrameException(
          "frame "
              + frame.getCameraId()
              + "/"
              + frame.getSeq()
              + ": JPEG of "
              + bytes.length
              + " bytes cannot be decoded: "
              + e.getMessage());
    }
    if (image == null) {
      throw new UndecodableFrameException(
          "frame "
              + frame.getCameraId()
              + "/"
              + frame.getSeq()
              + (startsLikeJpeg(bytes)
                  ? ": JPEG of " + bytes.length + " bytes cannot be decoded (corrupt or truncated)"
                  : ": "
                      + bytes.length
                      + " bytes are not a JPEG image (no start-of-image marker)"));
    }
    if (image.getWidth() != frame.getWidth() || image.getHeight() != frame.getHeight()) {
      throw new UndecodableFrameException(
          "frame "
              + frame.getCameraId()
              + "/"
              + frame.getSeq()
              + " claims "
              + frame.getWidth()
              + "x"
              + frame.getHeight()
              + " but its JPEG is "
              + image.getWidth()
              + "x"
              + image.getHeight());
    }
    return image;
  }

  /** A JPEG begins with the start-of-image marker, FF D8. */
  private static boolean startsLikeJpeg(byte[] bytes) {
    return bytes.length >= 2 && bytes[0] == (byte) 0xff && bytes[1] == (byte) 0xd8;
  }

  /** Quality of crop JPEGs: 75, ImageIO's default, which this stage has always used. */
  static final int CROP_JPEG_QUALITY = 75;

  static byte[] jpeg(BufferedImage image) {
    return Images.jpeg(image, CROP_JPEG_QUALITY);
  }

  private FrameImages() {}
}
