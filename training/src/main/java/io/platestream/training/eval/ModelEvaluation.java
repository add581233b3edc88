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
import io.platestream.recognizer.inference.CharacterDictionary;
import io.platestream.recognizer.inference.CtcDecoder;
import io.platestream.recognizer.inference.CtcGreedyDecoder;
import io.platestream.recognizer.inference.GrammarBeamDecoder;
import io.platestream.recognizer.inference.PlateReading;
import io.platestream.recognizer.inference.PlateRecognizer;
import io.platestream.recognizer.inference.Reading;
import io.platestream.training.data.ImageSource;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * Runs the detector and recognizer on a labelled dataset and turns their outputs into predictions
 * in PaddleOCR's label formats, which {@link PredictionEvaluation} then scores. Every crop is read
 * twice from one inference run: by PaddleOCR's greedy decoding, for figures comparable with
 * PaddleOCR's, and by the plate decoder the recognize stage uses, whose valid readings are the
 * plates the pipeline emits.
 */
public final class ModelEvaluation {
  private final PlateDetector detector;
  private final PlateRecognizer recognizer;
  private final CtcDecoder<Both> decoders;

  /** Greedy and plate readings of one crop. */
  private record Both(Reading greedy, PlateReading plate) {}

  /**
   * What the models made of the scenes, one label per scene in the labels' order.
   *
   * @param textBoxes every box the detector kept, read greedily (PaddleOCR's end-to-end input)
   * @param emittedPlates only the boxes whose plate reading is valid, with that reading: what the
   *     recognize stage passes on
   * @param crops boxes detected over all scenes: crops the recognizer has to read
   */
  public record ScenePredictions(
      List<DetectionLabel> textBoxes, List<DetectionLabel> emittedPlates, long crops) {}

  /**
   * What the recognizer made of the labelled crops, in the labels' order.
   *
   * @param greedy PaddleOCR's greedy decoding
   * @param plates the plate decoder's valid plates, as the recognize stage passes them on (an
   *     invalid reading is empty)
   */
  public record CropPredictions(List<RecognitionLabel> greedy, List<RecognitionLabel> plates) {}

  /** A crop to read: where it comes from (a file, or a region of a photo) and its name. */
  public record Crop(String name, ImageSource image) {}

  public ModelEvaluation(
      PlateDetector detector, PlateRecognizer recognizer, CtcDecoder<PlateReading> plateDecoder) {
    this.detector = detector;
    this.recognizer = recognizer;
    CtcGreedyDecoder greedy = new CtcGreedyDecoder(CharacterDictionary.ppocrKeysV1());
    this.decoders =
        (probabilities, offset, steps, classes) ->
            new Both(
                greedy.decode(probabilities, offset, steps, classes),
                plateDecoder.decode(probabilities, offset, steps, classes));
  }

  /** With the Chinese plate grammar's decoder, as {@code platestream recognize} runs by default. */
  public static ModelEvaluation chinese(PlateDetector detector, PlateRecognizer recognizer) {
    return new ModelEvaluation(
        detector,
        recognizer,
        GrammarBeamDecoder.chineseDefaults(CharacterDictionary.ppocrKeysV1()));
  }

  /** Detection and end to end of the text boxes (greedy reads) over the labelled scenes. */
  public EvaluationReport scenes(Path root, List<DetectionLabel> labels, Consumer<String> progress)
      throws IOException {
    return PredictionEvaluation.detection(
        labels, predictScenes(root, labels, progress).textBoxes());
  }

  /** The plates found and read in each labelled scene, in the labels' order. */
  public ScenePredictions predictScenes(
      Path root, List<DetectionLabel> labels, Consumer<String> progress) throws IOException {
    List<DetectionLabel> textBoxes = new ArrayList<>(labels.size());
    List<DetectionLabel> emitted = new ArrayList<>(labels.size());
    long crops = 0;
    for (int i = 0; i < labels.size(); i++) {
      String imagePath = labels.get(i).imagePath();
      List<DetectedPlate> plates = detector.detect(List.of(read(root, imagePath))).get(0);
      crops += plates.size();
      List<Both> readings =
          plates.isEmpty()
              ? List.of()
              : recognizer.read(plates.stream().map(DetectedPlate::crop).toList(), decoders);
      List<TextRegion> boxes = new ArrayList<>();
      List<TextRegion> valid = new ArrayList<>();
      for (int k = 0; k < plates.size(); k++) {
        Polygon outline = new Polygon(plates.get(k).box().corners());
        boxes.add(new TextRegion(outline, readings.get(k).greedy().text()));
        PlateReading plate = readings.get(k).plate();
        if (plate.valid()) {
          valid.add(new TextRegion(outline, plate.text()));
        }
      }
      textBoxes.add(new DetectionLabel(imagePath, boxes));
      emitted.add(new DetectionLabel(imagePath, valid));
      if ((i + 1) % 20 == 0 || i + 1 == labels.size()) {
        progress.accept("scenes " + (i + 1) + "/" + labels.size());
      }
    }
    return new ScenePredictions(textBoxes, emitted, crops);
  }

  /** The recognizer's readings of labelled crop files under {@code root}, in the labels' order. */
  public CropPredictions readCrops(
      Path root, List<RecognitionLabel> labels, Consumer<String> progress) throws IOException {
    List<Crop> crops = new ArrayList<>(labels.size());
    for (RecognitionLabel label : labels) {
      crops.add(new Crop(label.imagePath(), ImageSource.file(root.resolve(label.imagePath()))));
    }
    return readCrops(crops, progress);
  }

  /** The recognizer's readings of {@code crops}, in their order, named as they are. */
  public CropPredictions readCrops(List<Crop> crops, Consumer<String> progress) throws IOException {
    List<RecognitionLabel> greedy = new ArrayList<>(crops.size());
    List<RecognitionLabel> plates = new ArrayList<>(crops.size());
    int batch = 32;
    for (int start = 0; start < crops.size(); start += batch) {
      List<Crop> slice = crops.subList(start, Math.min(crops.size(), start + batch));
      List<BufferedImage> images = new ArrayList<>();
      for (Crop crop : slice) {
        images.add(Images.toRgb(crop.image().load()));
      }
      List<Both> readings = recognizer.read(images, decoders);
      for (int k = 0; k < slice.size(); k++) {
        greedy.add(new RecognitionLabel(slice.get(k).name(), readings.get(k).greedy().text()));
        // What the stage passes on: a reading that is not a valid plate reads as nothing.
        PlateReading plate = readings.get(k).plate();
        plates.add(new RecognitionLabel(slice.get(k).name(), plate.valid() ? plate.text() : ""));
      }
      progress.accept("crops " + (start + slice.size()) + "/" + crops.size());
    }
    return new CropPredictions(greedy, plates);
  }

  private static BufferedImage read(Path root, String relative) throws IOException {
    Path file = root.resolve(relative);
    BufferedImage image = ImageIO.read(file.toFile());
    if (image == null) throw new IOException(file + " is not an image ImageIO can read");
    return Images.toRgb(image);
  }
}
