package io.platestream.training.det;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.platestream.datasets.geometry.Point2;
import io.platestream.detector.inference.DetPreprocessor;
import io.platestream.training.TrainingLoop;
import io.platestream.training.TrainingState;
import io.platestream.training.data.DetAugment;
import io.platestream.training.data.ImageSource;
import io.platestream.training.graph.OnnxGraph;
import io.platestream.training.loss.DbLoss;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Fine-tunes a DB detector in its own ONNX graph: square training crops at the scale the stage runs
 * frames at (augmented as the seed's config says, {@link DetAugment}), pixels normalised exactly as
 * the stage does, PaddleOCR's shrink maps as the truth, and DBLoss on the probability map.
 * PaddleOCR's inference export has no threshold branch. By default only the probability branch is
 * trained (the seed's alpha x balanced loss, {@link DbLoss#shrinkOnly}); serving uses nothing else.
 * With {@code thresholdHead}, a threshold branch is grafted for training only (a copy of the
 * probability branch from the head's input, {@link OnnxGraph#copyBranch}) and the full DBLoss is
 * trained against {@link BorderMap} targets; the exported file still has the probability branch
 * alone.
 */
public final class DetectorTraining {
  /** A frame, the outlines of its plates, and do-not-care regions, in frame pixels. */
  public record Sample(ImageSource image, List<List<Point2>> plates, List<List<Point2>> ignored) {
    public Sample(BufferedImage image, List<List<Point2>> plates) {
      this(ImageSource.of(image), plates, List.of());
    }
  }

  /** A batch as the workers make it: normalised pixels, truth and mask, {@code n x size x size}. */
  record Batch(
      int count,
      int size,
      float[] pixels,
      float[] truth,
      float[] mask,
      float[] thresholdTruth,
      float[] thresholdMask) {}

  /** Names the grafted threshold branch's values and weights get (never exported). */
  static final String THRESHOLD_PREFIX = "threshold_branch/";

  private final OnnxGraph graph;
  private final int sideLimit;
  private final DetPreprocessor preprocessor;
  private final DetAugment augment;
  private final DbLoss loss = DbLoss.seed();
  private final String input;
  private final String probability;
  private final String threshold; // null: the probability branch alone

  /** Training crops of 640 at the stage's scale, no augmentation. */
  public DetectorTraining(OnnxGraph graph, int sideLimit) {
    this(graph, sideLimit, DetAugment.Settings.plain(640));
  }

  /**
   * @param sideLimit the stage's side limit: crops are cut at the scale it runs frames at
   */
  public DetectorTraining(OnnxGraph graph, int sideLimit, DetAugment.Settings augment) {
    this(graph, sideLimit, augment, false);
  }

  /**
   * @param thresholdHead graft a threshold branch and train the full DBLoss (see the class note)
   */
  public DetectorTraining(
      OnnxGraph graph, int sideLimit, DetAugment.Settings augment, boolean thresholdHead) {
    this.graph = graph;
    this.sideLimit = sideLimit;
    this.preprocessor = new DetPreprocessor(sideLimit);
    this.augment = new DetAugment(augment);
    this.input = graph.inputNames().get(0);
    this.probability = graph.outputNames().get(0);
    this.threshold =
        thresholdHead ? graftThresholdBranch(graph, probability, THRESHOLD_PREFIX) : null;
  }

  /**
   * Grafts the threshold branch DB's head had before export: a copy of the probability branch
   * (PaddleOCR builds both alike: Conv, BN, ReLU, two transposed convolutions, Sigmoid) fed by the
   * same head input, so it starts from the probability branch's weights.
   */
  static String graftThresholdBranch(OnnxGraph graph, String probability, String prefix) {
    Set<String> chain = Set.of("Sigmoid", "Add", "ConvTranspose", "Relu", "BatchNormalization");
    String value = probability;
    while (true) {
      String op = graph.producerOp(value);
      if (op.equals("Conv")) {
        return graph.copyBranch(graph.producerInputs(value).get(0), probability, prefix);
      }
      if (!chain.contains(op)) {
        throw new IllegalArgumentException(
            "no DB head before '"
                + probability
                + "': met "
                + op
                + " before the head's first Conv, so no threshold branch can be grafted");
      }
      value = graph.producerInputs(value).get(0);
    }
  }

  /** Trains the graph's weights in place. */
  public List<TrainingLoop.Step> train(
      List<Sample> samples, TrainingLoop.Settings settings, Consumer<TrainingLoop.Step> progress) {
    return train(samples, settings, progress::accept, null);
  }

  /** Trains the graph's weights in place, with checkpoints, from {@code resume} when not null. */
  public List<TrainingLoop.Step> train(
      List<Sample> samples,
      TrainingLoop.Settings settings,
      TrainingLoop.Listener listener,
      TrainingState resume) {
    return TrainingLoop.run(
        new LinkedHashMap<>(graph.parameters()),
        samples,
        settings,
        new TrainingLoop.Objective<Sample, Batch>() {
          @Override
          public Batch prepare(List<Sample> batch, Random random) {
            return batch(batch, random);
          }

          @Override
          public NDArray loss(Batch batch, NDManager scope) {
            return DetectorTraining.this.loss(batch, scope);
          }
        },
        listener,
        resume);
  }

  /**
   * The shrink-map loss of the graph as it is, on {@code samples} (no training, no augmentation).
   */
  public double loss(List<Sample> samples) {
    DetectorTraining plain =
        new DetectorTraining(
            graph, sideLimit, DetAugment.Settings.plain(augment.settings().size()));
    double total = 0;
    for (int i = 0; i < samples.size(); i++) {
      try (NDManager scope = NDManager.newBaseManager()) {
        total += plain.loss(plain.batch(List.of(samples.get(i)), new Random(i)), scope).getFloat();
      }
    }
    return samples.isEmpty() ? 0 : total / samples.size();
  }

  private NDArray loss(Batch b, NDManager scope) {
    int n = b.count();
    int s = b.size();
    NDArray pixels = scope.create(b.pixels(), new Shape(n, 3, s, s));
    NDArray truth = scope.create(b.truth(), new Shape(n, s, s));
    NDArray mask = scope.create(b.mask(), new Shape(n, s, s));
    if (threshold == null) {
      NDArray p = graph.forward(Map.of(input, pixels), List.of(probability)).get(probability);
      return loss.shrinkOnly(p.squeeze(1), truth, mask);
    }
    Map<String, NDArray> maps =
        graph.forward(Map.of(input, pixels), List.of(probability, threshold));
    return loss.loss(
        maps.get(probability).squeeze(1),
        maps.get(threshold).squeeze(1),
        truth,
        mask,
        scope.create(b.thresholdTruth(), new Shape(n, s, s)),
        scope.create(b.thresholdMask(), new Shape(n, s, s)));
  }

  Batch batch(List<Sample> batch, Random random) {
    int s = augment.settings().size();
    float[] pixels = new float[batch.size() * 3 * s * s];
    float[] truth = new float[batch.size() * s * s];
    float[] mask = new float[batch.size() * s * s];
    float[] thresholdTruth = threshold == null ? null : new float[batch.size() * s * s];
    float[] thresholdMask = threshold == null ? null : new float[batch.size() * s * s];
    for (int i = 0; i < batch.size(); i++) {
      Sample sample = batch.get(i);
      BufferedImage frame = sample.image().load();
      int[] stage = preprocessor.targetSize(frame.getWidth(), frame.getHeight());
      double baseScale = (double) stage[0] / frame.getWidth();
      DetAugment.Augmented crop =
          augment.apply(frame, sample.plates(), sample.ignored(), baseScale, random);
      preprocessor.writeInto(crop.image(), s, s, pixels, i * 3 * s * s, s, s);
      ShrinkMap.Maps maps = ShrinkMap.of(crop.plates(), crop.ignored(), s, s);
      System.arraycopy(maps.truth(), 0, truth, i * s * s, s * s);
      System.arraycopy(maps.mask(), 0, mask, i * s * s, s * s);
      if (threshold != null) {
        BorderMap.Maps border = BorderMap.of(crop.plates(), s, s);
        System.arraycopy(border.threshold(), 0, thresholdTruth, i * s * s, s * s);
        System.arraycopy(border.mask(), 0, thresholdMask, i * s * s, s * s);
      }
    }
    return new Batch(batch.size(), s, pixels, truth, mask, thresholdTruth, thresholdMask);
  }
}
