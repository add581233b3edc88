package io.platestream.app;

import ai.djl.ndarray.NDManager;
import io.platestream.datasets.image.Images;
import io.platestream.datasets.metrics.RecognitionMetrics;
import io.platestream.datasets.paddle.PaddleLabels;
import io.platestream.datasets.paddle.RecognitionLabel;
import io.platestream.models.registry.PretrainedModels;
import io.platestream.recognizer.inference.CharacterDictionary;
import io.platestream.training.graph.OnnxGraph;
import io.platestream.training.rec.RecognizerTraining;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/** The recogniser on PaddleOCR recognition labels ({@code rec_labels.txt}): CTC, accuracy. */
final class RecFineTune implements FineTune {
  private final List<RecognizerTraining.Sample> train;
  private final List<RecognizerTraining.Sample> validation;
  private final TrainCommand.Hyper hyper;

  RecFineTune(Path data, double validationShare, TrainCommand.Hyper hyper) throws IOException {
    Path labels = data.resolve("rec_labels.txt");
    if (!Files.isRegularFile(labels)) {
      throw new IllegalArgumentException("no rec_labels.txt in " + data);
    }
    List<RecognizerTraining.Sample> all = new ArrayList<>();
    for (RecognitionLabel label : PaddleLabels.readRecognition(labels, false).labels()) {
      all.add(new RecognizerTraining.Sample(image(data.resolve(label.imagePath())), label.text()));
    }
    Collections.shuffle(all, new Random(1));
    int held = Math.max(1, (int) Math.round(all.size() * validationShare));
    if (all.size() - held < hyper.batch()) {
      throw new IllegalArgumentException(
          all.size() + " crops leave fewer than one batch of " + hyper.batch() + " to train on");
    }
    this.validation = List.copyOf(all.subList(0, held));
    this.train = List.copyOf(all.subList(held, all.size()));
    this.hyper = hyper;
  }

  static BufferedImage image(Path file) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    if (image == null) {
      throw new IllegalArgumentException(file + " is not an image");
    }
    return Images.toRgb(image);
  }

  @Override
  public String modelName() {
    return PretrainedModels.RECOGNIZER;
  }

  @Override
  public String mainMetric() {
    return "accuracy";
  }

  @Override
  public String describe() {
    return "training on " + train.size() + " crops, validating on " + validation.size();
  }

  @Override
  public Map<String, Double> evaluate(byte[] onnx) {
    try (OnnxGraph graph = OnnxGraph.load(onnx, NDManager.newBaseManager())) {
      RecognitionMetrics m =
          new RecognizerTraining(graph, CharacterDictionary.ppocrKeysV1()).evaluate(validation);
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("accuracy", m.accuracy());
      metrics.put("norm_edit_dis", m.normEditDistance());
      metrics.put("char_acc", m.charAccuracy());
      return metrics;
    }
  }

  @Override
  public byte[] train(byte[] base, Consumer<Map<String, Object>> step) {
    try (OnnxGraph graph = OnnxGraph.load(base, NDManager.newBaseManager())) {
      new RecognizerTraining(graph, CharacterDictionary.ppocrKeysV1())
          .train(
              train,
              hyper.settings(train.size()),
              null,
              s -> step.accept(Map.of("step", s.step(), "loss", s.loss(), "lr", s.rate())));
      return graph.export();
    }
  }

  @Override
  public Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>(hyper.asMap());
    settings.put("train_crops", Integer.toString(train.size()));
    settings.put("validation_crops", Integer.toString(validation.size()));
    return settings;
  }
}
