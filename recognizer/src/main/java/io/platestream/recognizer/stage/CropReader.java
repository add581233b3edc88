package io.platestream.recognizer.stage;

import io.platestream.recognizer.inference.GrammarBeamDecoder;
import io.platestream.recognizer.inference.PlateReading;
import io.platestream.recognizer.inference.PlateRecognizer;
import java.awt.image.BufferedImage;
import java.util.List;

/** Reads one plate crop; the stage's only view of the inference library. */
@FunctionalInterface
public interface CropReader {
  PlateReading read(BufferedImage crop);

  /** The recognizer with grammar decoding. */
  static CropReader of(PlateRecognizer recognizer, GrammarBeamDecoder decoder) {
    return crop -> recognizer.readPlates(List.of(crop), decoder).get(0);
  }
}
