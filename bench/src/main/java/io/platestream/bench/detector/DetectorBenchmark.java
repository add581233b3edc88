package io.platestream.bench.detector;

import io.platestream.detector.inference.DetPreprocessor;
import io.platestream.detector.inference.OnnxDetectorModel;
import io.platestream.detector.inference.PlateDetector;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Throughput of the detector library against raw ONNX Runtime on the same frames in the same run:
 * raw = the session alone on ready-made tensors; library = pre-processing, session, DB
 * post-processing, plate filter and crops. Each variant runs a warm-up round, then {@code rounds}
 * timed rounds; frames per second are reported as median and range, because these machines are
 * shared and noisy.
 */
public final class DetectorBenchmark {

  /** Frames per second of one variant over the timed rounds. */
  public record Result(String variant, int batch, double medianFps, double minFps, double maxFps) {}

  public static List<Result> run(
      OnnxDetectorModel model,
      List<BufferedImage> frames,
      int[] batchSizes,
      int rounds,
      Consumer<String> progress) {
    PlateDetector detector = PlateDetector.withDefaults(model);
    DetPreprocessor pre = new DetPreprocessor(960);
    int[] size = pre.targetSize(frames.get(0).getWidth(), frames.get(0).getHeight());
    List<Result> results = new ArrayList<>();
    for (int batch : batchSizes) {
      List<float[]> tensors = new ArrayList<>();
      for (int start = 0; start + batch <= frames.size(); start += batch) {
        float[] input = new float[batch * 3 * size[0] * size[1]];
        for (int k = 0; k < batch; k++) {
          pre.writeInto(
              frames.get(start + k),
              size[0],
              size[1],
              input,
              k * 3 * size[0] * size[1],
              size[0],
              size[1]);
        }
        tensors.add(input);
      }
      int framesPerRound = tensors.size() * batch;
      results.add(
          measure(
              "raw ONNX Runtime",
              batch,
              framesPerRound,
              rounds,
              progress,
              () -> tensors.forEach(t -> model.run(t, batch, size[1], size[0]))));
      results.add(
          measure(
              "detector library",
              batch,
              framesPerRound,
              rounds,
              progress,
              () -> {
                for (int start = 0; start + batch <= frames.size(); start += batch)
                  detector.detect(frames.subList(start, start + batch));
              }));
    }
    return results;
  }

  private static Result measure(
      String variant,
      int batch,
      int frames,
      int rounds,
      Consumer<String> progress,
      Runnable round) {
    round.run(); // warm-up: lazy allocations and ONNX Runtime's first-run planning
    double[] fps = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      round.run();
      fps[r] = frames / ((System.nanoTime() - start) / 1e9);
      progress.accept(
          String.format(
              "%s, batch %d, round %d/%d: %.2f frames/s", variant, batch, r + 1, rounds, fps[r]));
    }
    Arrays.sort(fps);
    double median = rounds % 2 == 1 ? fps[rounds / 2] : (fps[rounds / 2 - 1] + fps[rounds / 2]) / 2;
    return new Result(variant, batch, median, fps[0], fps[rounds - 1]);
  }

  private DetectorBenchmark() {}
}
