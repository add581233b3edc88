package io.platestream.datasets.paddle;

import io.platestream.datasets.geometry.Polygon;

/**
 * One labelled text region of a PaddleOCR detection label. PaddleOCR treats the transcriptions
 * {@code ###} and {@code *} as "do not care": such regions neither count as misses nor make
 * detections on them count as false alarms.
 */
public record TextRegion(Polygon polygon, String transcription) {
  /** The transcription this project writes for a region to be ignored. */
  public static final String DO_NOT_CARE = "###";

  public boolean ignored() {
    return DO_NOT_CARE.equals(transcription) || "*".equals(transcription);
  }

  /** The same outline, marked "do not care". */
  public TextRegion asDoNotCare() {
    return new TextRegion(polygon, DO_NOT_CARE);
  }
}
