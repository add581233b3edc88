package io.platestream.detector.stage;

import io.platestream.datasets.image.Images;
import io.platestream.schemas.Frame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;

/** JPEG in and out of the stage's records. */
final class FrameImages {

  /** The frame's image, checked against the size the frame claims. */
  static BufferedImage decode(Frame frame) {
    ByteBuffer jpeg = frame.getJpeg().duplicate();
    byte[] bytes = new byte[jpeg.remaining()];
    jpeg.get(bytes);
    BufferedImage image;
    // A stream cached in memory: ImageIO.read(InputStream) would cache it in a temporary file.
    // ImageIO.read closes this stream itself (it is all in memory: nothing to leak either way).
    try {
      image = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)));
    } catch (IOException | RuntimeException e) {
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
              + ": "
              + bytes.length
              + " bytes are not a JPEG image");
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
    return Images.toRgb(image);
  }

  /** Quality of crop JPEGs: 75, ImageIO's default, which this stage has always used. */
  static final int CROP_JPEG_QUALITY = 75;

  static byte[] jpeg(BufferedImage image) {
    return Images.jpeg(image, CROP_JPEG_QUALITY);
  }

  private FrameImages() {}
}
