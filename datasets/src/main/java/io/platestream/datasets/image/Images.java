package io.platestream.datasets.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Pixel-format and JPEG helpers shared by the data generator, the stages and the tools. */
public final class Images {

  /**
   * The image as packed RGB (what every pixel loop here reads); the same object if it already is.
   */
  public static BufferedImage toRgb(BufferedImage image) {
    return image.getType() == BufferedImage.TYPE_INT_RGB ? image : copyRgb(image);
  }

  /** A new packed-RGB copy, so the caller may draw on it without touching the original. */
  public static BufferedImage copyRgb(BufferedImage image) {
    BufferedImage out =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    out.getGraphics().drawImage(image, 0, 0, null);
    return out;
  }

  /** JPEG-encodes the image at a quality in [0, 100]. */
  public static byte[] jpeg(BufferedImage image, int quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(Math.max(0, Math.min(100, quality)) / 100f);
      writer.write(null, new IIOImage(toRgb(image), null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG encoding failed", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private Images() {}
}
