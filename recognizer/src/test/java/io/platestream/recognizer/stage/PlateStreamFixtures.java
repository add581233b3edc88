package io.platestream.recognizer.stage;

import io.platestream.datasets.image.Images;
import io.platestream.datasets.plates.PlateType;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.PlateRenderer;
import io.platestream.schemas.FrameRef;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.PlateDetection;
import io.platestream.schemas.Point;
import io.platestream.schemas.Quad;
import java.nio.ByteBuffer;
import java.util.Random;

/** Plate detections with rendered plate crops, as the detector stage would publish them. */
final class PlateStreamFixtures {
  private static PlateRenderer renderer;

  private PlateStreamFixtures() {}

  /** The {@code index}-th sighting of {@code plate} on {@code camera}, at {@code captureTimeMs}. */
  static synchronized PlateDetection detection(
      String camera, long seq, long captureTimeMs, String plate, int variant) {
    if (renderer == null) {
      renderer = new PlateRenderer(PlateFonts.load());
    }
    var crop = renderer.render(plate, PlateType.BLUE, 48, new Random(variant));
    return PlateDetection.newBuilder()
        .setDetectionId(camera + "/" + seq + "/0")
        .setFrame(new FrameRef(camera, seq, captureTimeMs, 1280, 720))
        .setPlateIndex(0)
        .setPolygon(
            new Quad(
                new Point(100f, 100f),
                new Point(240f, 100f),
                new Point(240f, 145f),
                new Point(100f, 145f)))
        .setScore(0.9f)
        .setCrop(ByteBuffer.wrap(Images.jpeg(crop, 95)))
        .setCropWidth(crop.getWidth())
        .setCropHeight(crop.getHeight())
        .setDetector(new ModelRef("plate-detector", 1))
        .setDetectTimeMs(captureTimeMs + 100)
        .build();
  }
}
