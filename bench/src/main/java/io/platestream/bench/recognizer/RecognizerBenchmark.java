package io.platestream.bench.recognizer;

import io.platestream.recognizer.inference.CharacterDictionary;
import io.platestream.recognizer.inference.GrammarBeamDecoder;
import io.platestream.recognizer.inference.OnnxRecognizerModel;
import io.platestream.recognizer.inference.PlateRecognizer;
import io.platestream.recognizer.inference.RecPreprocessor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Throughput and latency of the recognizer library against raw ONNX Runtime on the same crops in
 * the same run: raw = the session alone on tensors prepared beforehand (padded to 320 as PaddleOCR
 * does); library = pre-processing, session and grammar decoding, with crops padded to 320 or
 * grouped into width buckets. A warm-up round per variant, then timed rounds; crops per second as
 * median and range of rounds, latency per call (one batch) as p50 and p99 over all calls of the
 * timed rounds.
 */
public final class RecognizerBenchmark {

  public record Result(
      String variant,
      int batch,
      double medianCropsPerSecond,
      double minCropsPerSecond,
      double maxCropsPerSecond,
      double p50Millis,
      double p99Millis) {}

  private RecognizerBenchmark() {}

  public static List<Result> run(
      OnnxRecognizerModel model,
      List<BufferedImage> crops,
      int[] batchSizes,
      int rounds,
      Consumer<String> progress) {
    CharacterDictionary dictionary = CharacterDictionary.ppocrKeysV1();
    GrammarBeamDecoder grammar = GrammarBeamDecoder.chineseDefaults(dictionary);
    PlateRecognizer padded =
        new PlateRecognizer(model, RecPreprocessor.paddleDefault(), dictionary);
    PlateRecognizer bucketed =
        new PlateRecognizer(model, RecPreprocessor.widthBuckets(), dictionary);
    RecPreprocessor pre = RecPreprocessor.paddleDefault();
    int width = pre.bucketFor(pre.resizedWidth(crops.get(0)));
    List<Result> results = new ArrayList<>();
    for (int batch : batchSizes) {
      List<List<BufferedImage>> batches = new ArrayList<>();
      for (int start = 0; start + batch <= crops.size(); start += batch) {
        batches.add(crops.subList(start, start + batch));
      }
      int size = 3 * RecPreprocessor.HEIGHT * width;
      List<float[]> tensors = new ArrayList<>();
      for (List<BufferedImage> group : batches) {
        float[] input = new float[group.size() * size];
        for (int k = 0; k < group.size(); k++) {
          pre.writeInto(group.get(k), input, k * size, width);
        }
        tensors.add(input);
      }
      int perRound = batches.size() * batch;
      results.add(
          measure(
              "raw ONNX Runtime (padded to 320)",
              batch,
              perRound,
              rounds,
              progress,
              tensors.size(),
              i -> model.run(tensors.get(i), batch, width)));
      results.add(
          measure(
              "library, padded to 320",
              batch,
              perRound,
              rounds,
              progress,
              batches.size(),
              i -> padded.read(batches.get(i), grammar)));
      results.add(
          measure(
              "library, width buckets",
              batch,
              perRound,
              rounds,
              progress,
              batches.size(),
              i -> bucketed.read(batches.get(i), grammar)));
    }
    return results;
  }

  private interface Call {
    void run(int index);
  }

  private static Result measure(
      String variant,
      int batch,
      int cropsPerRound,
      int rounds,
      Consumer<String> progress,
      int calls,
      Call call) {
    for (int i = 0; i < calls; i++) {
      call.run(i); // warm-up
    }
    double[] rates = new double[rounds];
    double[] latencies = new double[rounds * calls];
    for (int r = 0; r < rounds; r++) {
      long roundStart = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        long start = System.nanoTime();
        call.run(i);
        latencies[r * calls + i] = (System.nanoTime() - start) / 1e6;
      }
      rates[r] = cropsPerRound / ((System.nanoTime() - roundStart) / 1e9);
      progress.accept(
          String.format(
              "%s, batch %d, round %d/%d: %.1f crops/s", variant, batch, r + 1, rounds, rates[r]));
    }
    Arrays.sort(rates);
    Arrays.sort(latencies);
    double median =
        rounds % 2 == 1 ? rates[rounds / 2] : (rates[rounds / 2 - 1] + rates[rounds / 2]) / 2;
    return new Result(
        variant,
        batch,
        median,
        rates[0],
        rates[rounds - 1],
        percentile(latencies, 0.50),
        percentile(latencies, 0.99));
  }

  private static double percentile(double[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
