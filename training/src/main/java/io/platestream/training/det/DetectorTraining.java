package io.platestream.training.det;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.platestream.datasets.geometry.Point2;
import io.platestream.detector.inference.DetPreprocessor;
import io.platestream.training.TrainingLoop;
import io.platestream.training.graph.OnnxGraph;
import io.platestream.training.loss.DbLoss;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Fine-tunes a DB detector in its own ONNX graph: frames pre-processed exactly as the stage does,
 * PaddleOCR's shrink maps as the truth, and DBLoss on the probability map. PaddleOCR's inference
 * export has no threshold branch, so only the probability branch is trained (the seed's alpha x
 * balanced loss, {@link DbLoss#shrinkOnly}); serving uses nothing else.
 */
public final class DetectorTraining {
  /** A frame and the outlines of its plates, in frame pixels. */
  public record Sample(BufferedImage image, List<List<Point2>> plates) {}

  private final OnnxGraph graph;
  private final DetPreprocessor preprocessor;
  private final DbLoss loss = DbLoss.seed();
  private final String input;
  private final String probability;

  public DetectorTraining(OnnxGraph graph, int sideLimit) {
    this.graph = graph;
    this.preprocessor = new DetPreprocessor(sideLimit);
    this.input = graph.inputNames().get(0);
    this.probability = graph.outputNames().get(0);
  }

  /** Trains the graph's weights in place (frames of one batch must resize alike). */
  public List<TrainingLoop.Step> train(
      List<Sample> samples, TrainingLoop.Settings settings, Consumer<TrainingLoop.Step> progress) {
    return TrainingLoop.run(
        new LinkedHashMap<>(graph.parameters()),
        samples,
        settings,
        (batch, scope) -> {
          Batch b = batch(batch, scope);
          NDArray p =
              graph.forward(Map.of(input, b.pixels()), List.of(probability)).get(probability);
          return loss.shrinkOnly(p.squeeze(1), b.truth(), b.mask());
        },
        progress);
  }

  /** The shrink-map loss of the graph as it is, on {@code samples} (no training). */
  public double loss(List<Sample> samples) {
    double total = 0;
    for (Sample sample : samples) {
      try (NDManager scope = NDManager.newBaseManager()) {
        Batch b = batch(List.of(sample), scope);
        NDArray p = graph.forward(Map.of(input, b.pixels()), List.of(probability)).get(probability);
        total += loss.shrinkOnly(p.squeeze(1), b.truth(), b.mask()).getFloat();
      }
    }
    return samples.isEmpty() ? 0 : total / samples.size();
  }

  private record Batch(NDArray pixels, NDArray truth, NDArray mask) {}

  private Batch batch(List<Sample> batch, NDManager scope) {
    int[] size =
        preprocessor.targetSize(batch.get(0).image().getWidth(), batch.get(0).image().getHeight());
    int w = size[0];
    int h = size[1];
    float[] pixels = new float[batch.size() * 3 * w * h];
    float[] truth = new float[batch.size() * w * h];
    float[] mask = new float[batch.size() * w * h];
    for (int i = 0; i < batch.size(); i++) {
      Sample sample = batch.get(i);
      int[] own = preprocessor.targetSize(sample.image().getWidth(), sample.image().getHeight());
      if (own[0] != w || own[1] != h) {
        throw new IllegalArgumentException(
            "frames of one batch must resize alike: "
                + w
                + "x"
                + h
                + " and "
                + own[0]
                + "x"
                + own[1]);
      }
      preprocessor.writeInto(sample.image(), w, h, pixels, i * 3 * w * h, w, h);
      double sx = (double) w / sample.image().getWidth();
      double sy = (double) h / sample.image().getHeight();
      List<List<Point2>> scaled =
          sample.plates().stream()
              .map(p -> p.stream().map(pt -> new Point2(pt.x() * sx, pt.y() * sy)).toList())
              .toList();
      ShrinkMap.Maps maps = ShrinkMap.of(scaled, w, h);
      System.arraycopy(maps.truth(), 0, truth, i * w * h, w * h);
      System.arraycopy(maps.mask(), 0, mask, i * w * h, w * h);
    }
    return new Batch(
        scope.create(pixels, new Shape(batch.size(), 3, h, w)),
        scope.create(truth, new Shape(batch.size(), h, w)),
        scope.create(mask, new Shape(batch.size(), h, w)));
  }
}
