package io.platestream.recognizer.inference;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Crops in, readings out: crops grouped by width bucket, one ONNX Runtime run per bucket, CTC
 * decoding.
 */
public final class PlateRecognizer {
  private final OnnxRecognizerModel model;
  private final RecPreprocessor preprocessor;
  private final CtcGreedyDecoder greedy;

  public PlateRecognizer(
      OnnxRecognizerModel model, RecPreprocessor preprocessor, CharacterDictionary dictionary) {
    this.model = model;
    this.preprocessor = preprocessor;
    this.greedy = new CtcGreedyDecoder(dictionary);
  }

  public static PlateRecognizer withDefaults(OnnxRecognizerModel model) {
    return new PlateRecognizer(
        model, RecPreprocessor.paddleDefault(), CharacterDictionary.ppocrKeysV1());
  }

  /** Each crop's reading by {@code decoder}, in the crops' order. */
  public <R> List<R> read(List<BufferedImage> crops, CtcDecoder<R> decoder) {
    List<R> readings = new ArrayList<>(Collections.nCopies(crops.size(), (R) null));
    run(
        crops,
        (index, output, k) ->
            readings.set(
                index,
                decoder.decode(
                    output.probabilities(),
                    k * output.steps() * output.classes(),
                    output.steps(),
                    output.classes())));
    return readings;
  }

  /** Greedy CTC readings per crop, as PaddleOCR decodes them. */
  public List<Reading> recognize(List<BufferedImage> crops) {
    return read(crops, greedy);
  }

  private interface Sink {
    void accept(int cropIndex, OnnxRecognizerModel.Output output, int positionInBatch);
  }

  /** One ONNX Runtime run per padded width; hands each crop's slice of the output to the sink. */
  private void run(List<BufferedImage> crops, Sink sink) {
    Map<Integer, List<Integer>> byBucket = new TreeMap<>();
    for (int i = 0; i < crops.size(); i++) {
      int bucket = preprocessor.bucketFor(preprocessor.resizedWidth(crops.get(i)));
      byBucket.computeIfAbsent(bucket, b -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<Integer, List<Integer>> group : byBucket.entrySet()) {
      int width = group.getKey();
      List<Integer> members = group.getValue();
      int size = 3 * RecPreprocessor.HEIGHT * width;
      float[] input = new float[members.size() * size];
      for (int k = 0; k < members.size(); k++)
        preprocessor.writeInto(crops.get(members.get(k)), input, k * size, width);
      OnnxRecognizerModel.Output output = model.run(input, members.size(), width);
      for (int k = 0; k < members.size(); k++) sink.accept(members.get(k), output, k);
    }
  }

  public String modelVersion() {
    return model.version();
  }
}
