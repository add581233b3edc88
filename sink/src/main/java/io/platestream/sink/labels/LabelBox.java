package io.platestream.sink.labels;

import io.platestream.schemas.Point;
import io.platestream.schemas.Quad;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The box a reviewer drew on an event's snapshot, {@code x1,y1,x2,y2} in the snapshot's pixels,
 * checked against the snapshot's size and made a {@link Quad} (top-left first, clockwise).
 */
public final class LabelBox {
  /** Smaller than this is a slip of the mouse, not a plate. */
  static final int MIN_SIDE = 4;

  private LabelBox() {}

  public static Quad parse(String text, byte[] snapshot) {
    if (snapshot == null || snapshot.length == 0) {
      throw new IllegalArgumentException("the event kept no snapshot to draw a box on");
    }
    String[] parts = text.split(",", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException(
          "box is x1,y1,x2,y2 in the snapshot's pixels, got " + text);
    }
    int[] v = new int[4];
    for (int i = 0; i < 4; i++) {
      try {
        v[i] = Integer.parseInt(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("box: '" + parts[i] + "' is not a whole number");
      }
    }
    int[] size = size(snapshot);
    int left = Math.min(v[0], v[2]);
    int right = Math.max(v[0], v[2]);
    int top = Math.min(v[1], v[3]);
    int bottom = Math.max(v[1], v[3]);
    if (left < 0 || top < 0 || right > size[0] || bottom > size[1]) {
      throw new IllegalArgumentException(
          "box " + text + " leaves the " + size[0] + "x" + size[1] + " snapshot");
    }
    if (right - left < MIN_SIDE || bottom - top < MIN_SIDE) {
      throw new IllegalArgumentException(
          "box " + text + " is smaller than " + MIN_SIDE + " pixels a side");
    }
    return new Quad(
        new Point((float) left, (float) top),
        new Point((float) right, (float) top),
        new Point((float) right, (float) bottom),
        new Point((float) left, (float) bottom));
  }

  /** Width and height from the image's header, without decoding its pixels. */
  private static int[] size(byte[] image) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IllegalArgumentException("the event's snapshot is not an image");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in);
        return new int[] {reader.getWidth(0), reader.getHeight(0)};
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("the event's snapshot cannot be read: " + e.getMessage());
    }
  }
}
