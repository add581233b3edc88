package io.platestream.detector.stage;

import io.platestream.schemas.Frame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;

/** JPEG in and out of the stage's records. */
final class FrameImages {

  /** The frame's image, checked against the size the frame claims. */
  static BufferedImage decode(Frame frame) {
    ByteBuffer jpeg = frame.getJpeg().duplicate();
    byte[] bytes = new byte[jpeg.remaining()];
    jpeg.get(bytes);
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(bytes));
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
    if (image.getType() != BufferedImage.TYPE_INT_RGB) {
      BufferedImage rgb =
          new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
      rgb.getGraphics().drawImage(image, 0, 0, null);
      image = rgb;
    }
    return image;
  }

  static byte[] jpeg(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "jpeg", out))
        throw new IllegalStateException("no JPEG writer in this JVM");
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG encoding of a crop failed", e);
    }
    return out.toByteArray();
  }

  private FrameImages() {}
}
