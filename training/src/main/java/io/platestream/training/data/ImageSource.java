package io.platestream.training.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Where a training image comes from. Data sets larger than memory are read by the batch workers
 * when a batch needs them, not all at start.
 */
@FunctionalInterface
public interface ImageSource {
  BufferedImage load();

  /** An image already in memory. */
  static ImageSource of(BufferedImage image) {
    return () -> image;
  }

  /** An image file, read (as RGB) each time it is needed. */
  static ImageSource file(Path file) {
    return () -> {
      try {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
          throw new IllegalArgumentException(file + " is not an image ImageIO can read");
        }
        BufferedImage rgb =
            new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.createGraphics().drawImage(image, 0, 0, null);
        return rgb;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    };
  }
}
