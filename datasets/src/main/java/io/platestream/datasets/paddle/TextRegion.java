package io.platestream.datasets.paddle;

import io.platestream.datasets.geometry.Polygon;

/**
 * One labelled text region of a PaddleOCR detection label. PaddleOCR treats the transcriptions
 * {@code ###} and {@code *} as "do not care": such regions neither count as misses nor make
 * detections on them count as false alarms.
 */
public record TextRegion(Polygon polygon, String transcription) {
  public boolean ignored() {
    return "###".equals(transcription) || "*".equals(transcription);
  }
}
