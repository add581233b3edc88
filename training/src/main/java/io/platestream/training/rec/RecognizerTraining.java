package io.platestream.training.rec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.platestream.datasets.metrics.RecognitionEvaluator;
import io.platestream.datasets.metrics.RecognitionMetrics;
import io.platestream.recognizer.inference.CharacterDictionary;
import io.platestream.recognizer.inference.CtcGreedyDecoder;
import io.platestream.recognizer.inference.RecPreprocessor;
import io.platestream.training.TrainingLoop;
import io.platestream.training.TrainingState;
import io.platestream.training.data.ImageSource;
import io.platestream.training.data.RecAugment;
import io.platestream.training.graph.OnnxGraph;
import io.platestream.training.loss.CtcLoss;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Fine-tunes a CTC recognizer in its own ONNX graph: crops pre-processed exactly as the stage does
 * (height 48, padded to 320), CTC on the logits before the final softmax, Adam with coupled L2 and
 * a cosine learning rate after a linear warm-up. BatchNorm keeps its running statistics (a short
 * fine-tune on few crops would only make them noisier).
 */
public final class RecognizerTraining {
  private static final int WIDTH = 320;

  /** A labelled crop. */
  public record Sample(ImageSource crop, String text) {
    public Sample(BufferedImage crop, String text) {
      this(ImageSource.of(crop), text);
    }
  }

  private final OnnxGraph graph;
  private final CharacterDictionary dictionary;
  private final RecPreprocessor preprocessor = RecPreprocessor.paddleDefault();
  private final RecAugment augment;
  private final String input;
  private final String probabilities;
  private final String logits;

  /** Training on the crops as they are. */
  public RecognizerTraining(OnnxGraph graph, CharacterDictionary dictionary) {
    this(graph, dictionary, RecAugment.Settings.none());
  }

  public RecognizerTraining(
      OnnxGraph graph, CharacterDictionary dictionary, RecAugment.Settings augment) {
    this.graph = graph;
    this.augment = new RecAugment(augment);
    this.dictionary = dictionary;
    this.input = graph.inputNames().get(0);
    this.probabilities = graph.outputNames().get(0);
    this.logits = graph.producerInputs(probabilities).get(0);
  }

  /**
   * Trains the graph's weights in place; returns each step's loss.
   *
   * @param frozen weights whose names match are not trained (null: train all)
   */
  public List<TrainingLoop.Step> train(
      List<Sample> samples,
      TrainingLoop.Settings settings,
      Pattern frozen,
      Consumer<TrainingLoop.Step> progress) {
    return train(samples, settings, frozen, progress::accept, null);
  }

  /** As above, with checkpoints, from {@code resume} when not null. */
  public List<TrainingLoop.Step> train(
      List<Sample> samples,
      TrainingLoop.Settings settings,
      Pattern frozen,
      TrainingLoop.Listener listener,
      TrainingState resume) {
    Map<String, NDArray> trainable = new LinkedHashMap<>();
    graph
        .parameters()
        .forEach(
            (name, weights) -> {
              if (frozen == null || !frozen.matcher(name).matches()) {
                trainable.put(name, weights);
              }
            });
    return TrainingLoop.run(
        trainable,
        samples,
        settings,
        new TrainingLoop.Objective<Sample, Batch>() {
          @Override
          public Batch prepare(List<Sample> batch, Random random) {
            List<BufferedImage> crops = new ArrayList<>();
            List<int[]> labels = new ArrayList<>();
            for (Sample sample : batch) {
              crops.add(augment.apply(sample.crop().load(), random));
              labels.add(dictionary.encode(sample.text()));
            }
            return new Batch(crops.size(), pixels(crops), labels);
          }

          @Override
          public NDArray loss(Batch batch, NDManager scope) {
            NDArray x =
                scope.create(
                    batch.pixels(), new Shape(batch.count(), 3, RecPreprocessor.HEIGHT, WIDTH));
            NDArray out = graph.forward(Map.of(input, x), List.of(logits)).get(logits);
            return CtcLoss.loss(out, batch.labels());
          }
        },
        listener,
        resume);
  }

  /** A batch as the workers make it. */
  private record Batch(int count, float[] pixels, List<int[]> labels) {}

  /** The share of crops whose greedy-decoded text is exactly their label. */
  public double accuracy(List<Sample> samples) {
    return evaluate(samples).accuracy();
  }

  /** PaddleOCR's recognition metrics of greedy-decoded readings against the labels. */
  public RecognitionMetrics evaluate(List<Sample> samples) {
    CtcGreedyDecoder decoder = new CtcGreedyDecoder(dictionary);
    RecognitionEvaluator evaluator = new RecognitionEvaluator();
    for (int from = 0; from < samples.size(); from += 16) {
      List<Sample> batch = samples.subList(from, Math.min(samples.size(), from + 16));
      try (NDManager scope = NDManager.newBaseManager()) {
        List<BufferedImage> crops = batch.stream().map(c -> c.crop().load()).toList();
        NDArray x =
            scope.create(pixels(crops), new Shape(batch.size(), 3, RecPreprocessor.HEIGHT, WIDTH));
        NDArray out = graph.forward(Map.of(input, x), List.of(probabilities)).get(probabilities);
        float[] values = out.toFloatArray();
        int steps = (int) out.getShape().get(1);
        int classes = (int) out.getShape().get(2);
        for (int i = 0; i < batch.size(); i++) {
          String text = decoder.decode(values, i * steps * classes, steps, classes).text();
          evaluator.add(text, batch.get(i).text());
        }
      }
    }
    return evaluator.result();
  }

  private float[] pixels(List<BufferedImage> crops) {
    int plane = 3 * RecPreprocessor.HEIGHT * WIDTH;
    float[] chw = new float[crops.size() * plane];
    for (int i = 0; i < crops.size(); i++) {
      preprocessor.writeInto(crops.get(i), chw, i * plane, WIDTH);
    }
    return chw;
  }
}
