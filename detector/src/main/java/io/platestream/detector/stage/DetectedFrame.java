package io.platestream.detector.stage;

import io.platestream.detector.inference.DetectedPlate;
import java.awt.image.BufferedImage;
import java.util.List;

/** A detected frame: its image, its plates, their crops as JPEG, and how long detection took. */
record DetectedFrame(
    ReadFrame frame,
    BufferedImage image,
    List<DetectedPlate> plates,
    List<byte[]> crops,
    long nanos) {

  static DetectedFrame of(
      ReadFrame frame, BufferedImage image, List<DetectedPlate> plates, long nanos) {
    List<byte[]> crops = plates.stream().map(plate -> FrameImages.jpeg(plate.crop())).toList();
    return new DetectedFrame(frame, image, plates, crops, nanos);
  }
}
