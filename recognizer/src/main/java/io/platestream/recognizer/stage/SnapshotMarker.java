package io.platestream.recognizer.stage;

import io.platestream.schemas.FrameRef;
import io.platestream.schemas.Point;
import io.platestream.schemas.Quad;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;

/**
 * The event's snapshot with its plate outlined: the best read's frame (scaled down by the detector)
 * with the read's polygon drawn on it, scaled the same way. Once per event, so Java's own codecs
 * are fast enough.
 */
final class SnapshotMarker {
  private static final Color OUTLINE = new Color(255, 200, 0);

  private SnapshotMarker() {}

  /** The snapshot with the plate outlined, or the snapshot as it is if it cannot be decoded. */
  static ByteBuffer mark(ByteBuffer snapshot, Quad polygon, FrameRef frame) {
    if (snapshot == null || snapshot.remaining() == 0) {
      return null;
    }
    byte[] jpeg = new byte[snapshot.remaining()];
    snapshot.duplicate().get(jpeg);
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
      if (image == null || frame.getWidth() <= 0) {
        return ByteBuffer.wrap(jpeg);
      }
      BufferedImage rgb =
          new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
      Graphics2D g = rgb.createGraphics();
      g.drawImage(image, 0, 0, null);
      double scale = (double) image.getWidth() / frame.getWidth();
      Path2D.Double outline = new Path2D.Double();
      Point[] corners = {
        polygon.getTopLeft(),
        polygon.getTopRight(),
        polygon.getBottomRight(),
        polygon.getBottomLeft()
      };
      outline.moveTo(corners[0].getX() * scale, corners[0].getY() * scale);
      for (int i = 1; i < corners.length; i++) {
        outline.lineTo(corners[i].getX() * scale, corners[i].getY() * scale);
      }
      outline.closePath();
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(OUTLINE);
      g.setStroke(new BasicStroke(Math.max(2f, image.getWidth() / 320f)));
      g.draw(outline);
      g.dispose();
      ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + 1024);
      ImageIO.write(rgb, "jpeg", out);
      return ByteBuffer.wrap(out.toByteArray());
    } catch (IOException | RuntimeException e) {
      return ByteBuffer.wrap(jpeg); // a snapshot without its outline beats none
    }
  }
}
