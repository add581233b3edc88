package io.platestream.recognizer.stage;

import io.platestream.recognizer.inference.CtcDecoder;
import io.platestream.recognizer.inference.PlateReading;
import io.platestream.recognizer.inference.PlateRecognizer;
import java.awt.image.BufferedImage;
import java.util.List;

/** Reads one plate crop; the stage's only view of the inference library. */
@FunctionalInterface
public interface CropReader {
  PlateReading read(BufferedImage crop);

  /** The recognizer with a plate decoder (the grammar's beam search). */
  static CropReader of(PlateRecognizer recognizer, CtcDecoder<PlateReading> decoder) {
    return crop -> recognizer.read(List.of(crop), decoder).get(0);
  }
}
