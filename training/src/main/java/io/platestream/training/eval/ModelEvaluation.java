package io.platestream.training.eval;

import io.platestream.datasets.evaluation.EvaluationReport;
import io.platestream.datasets.evaluation.PredictionEvaluation;
import io.platestream.datasets.geometry.Polygon;
import io.platestream.datasets.image.Images;
import io.platestream.datasets.paddle.DetectionLabel;
import io.platestream.datasets.paddle.RecognitionLabel;
import io.platestream.datasets.paddle.TextRegion;
import io.platestream.detector.inference.DetectedPlate;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.recognizer.inference.PlateRecognizer;
import io.platestream.recognizer.inference.Reading;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * Runs the detector and recognizer on a labelled dataset and turns their outputs into predictions
 * in PaddleOCR's label formats, which {@link PredictionEvaluation} then scores: detection and
 * end-to-end on the scenes (each detected plate read by the recognizer), recognition on the
 * labelled crops (the caller scores those, overall and per slice).
 */
public final class ModelEvaluation {
  private final PlateDetector detector;
  private final PlateRecognizer recognizer;

  public ModelEvaluation(PlateDetector detector, PlateRecognizer recognizer) {
    this.detector = detector;
    this.recognizer = recognizer;
  }

  public EvaluationReport scenes(Path root, List<DetectionLabel> labels, Consumer<String> progress)
      throws IOException {
    return PredictionEvaluation.detection(labels, predictScenes(root, labels, progress));
  }

  /** The plates found and read in each labelled scene, in the labels' order. */
  public List<DetectionLabel> predictScenes(
      Path root, List<DetectionLabel> labels, Consumer<String> progress) throws IOException {
    List<DetectionLabel> predictions = new ArrayList<>(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      BufferedImage image = read(root, labels.get(i).imagePath());
      List<DetectedPlate> plates = detector.detect(List.of(image)).get(0);
      List<Reading> readings =
          plates.isEmpty()
              ? List.of()
              : recognizer.recognize(plates.stream().map(DetectedPlate::crop).toList());
      List<TextRegion> regions = new ArrayList<>();
      for (int k = 0; k < plates.size(); k++) {
        regions.add(
            new TextRegion(new Polygon(plates.get(k).box().corners()), readings.get(k).text()));
      }
      predictions.add(new DetectionLabel(labels.get(i).imagePath(), regions));
      if ((i + 1) % 20 == 0 || i + 1 == labels.size())
        progress.accept("scenes " + (i + 1) + "/" + labels.size());
    }
    return predictions;
  }

  /** The recognizer's reading of each labelled crop, in the labels' order. */
  public List<RecognitionLabel> readCrops(
      Path root, List<RecognitionLabel> labels, Consumer<String> progress) throws IOException {
    List<RecognitionLabel> predictions = new ArrayList<>(labels.size());
    int batch = 32;
    for (int start = 0; start < labels.size(); start += batch) {
      List<RecognitionLabel> slice = labels.subList(start, Math.min(labels.size(), start + batch));
      List<BufferedImage> crops = new ArrayList<>();
      for (RecognitionLabel label : slice) crops.add(read(root, label.imagePath()));
      List<Reading> readings = recognizer.recognize(crops);
      for (int k = 0; k < slice.size(); k++)
        predictions.add(new RecognitionLabel(slice.get(k).imagePath(), readings.get(k).text()));
      progress.accept("crops " + (start + slice.size()) + "/" + labels.size());
    }
    return predictions;
  }

  private static BufferedImage read(Path root, String relative) throws IOException {
    Path file = root.resolve(relative);
    BufferedImage image = ImageIO.read(file.toFile());
    if (image == null) throw new IOException(file + " is not an image ImageIO can read");
    return Images.toRgb(image);
  }
}
