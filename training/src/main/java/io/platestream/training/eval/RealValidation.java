package io.platestream.training.eval;

import io.platestream.datasets.evaluation.PredictionEvaluation;
import io.platestream.datasets.metrics.DetectionMetrics;
import io.platestream.datasets.metrics.EndToEndMetrics;
import io.platestream.datasets.metrics.RecognitionMetrics;
import io.platestream.datasets.paddle.DetectionLabel;
import io.platestream.datasets.paddle.PaddleLabels;
import io.platestream.datasets.paddle.RecognitionLabel;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.recognizer.inference.PlateRecognizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a detector and recognizer on real photographs, under metric names that start with {@value
 * RealMetrics#PREFIX}: exact plates read from real crops with the plate decoder, and the plates the
 * pipeline emits from real street photos (with the detector's recall there), and exact plates on
 * the validation half of the site's own labels. These sets judge; they must never be trained on.
 */
public final class RealValidation {
  public static final String CROPS_ACCURACY = "real_crops_accuracy";
  public static final String PHOTOS_PLATES_F = "real_photos_plates_f";
  public static final String PHOTOS_RECALL = "real_photos_recall";

  /** Exact plates on the validation half of the site's own labels (operators' verdicts). */
  public static final String SITE_ACCURACY = "real_site_accuracy";

  /**
   * Where the real data is; either folder may be null.
   *
   * @param crops a folder of real plate crops with a PaddleOCR recognition label file
   * @param cropLabels that file's name in it ({@code validation.txt})
   * @param photos a folder of real photos with PaddleOCR's {@code det_labels.txt}
   * @param site a folder of the site's labelled crops kept for validation ({@code validation.txt}),
   *     split from the operators' labels by camera and time
   */
  public record Sets(Path crops, String cropLabels, Path photos, Path site) {
    public Sets(Path crops, String cropLabels, Path photos) {
      this(crops, cropLabels, photos, null);
    }

    public static Sets none() {
      return new Sets(null, null, null);
    }

    public boolean isEmpty() {
      return crops == null && photos == null && site == null;
    }

    public Sets withSite(Path site) {
      return new Sets(crops, cropLabels, photos, site);
    }
  }

  private final Sets sets;
  private final List<RecognitionLabel> cropLabels;
  private final List<DetectionLabel> photoLabels;
  private final List<RecognitionLabel> siteLabels;

  /** Reads the label files now, so a missing or malformed one stops a run before it trains. */
  public RealValidation(Sets sets) throws IOException {
    this.sets = sets;
    this.cropLabels =
        sets.crops() == null
            ? List.of()
            : PaddleLabels.readRecognition(labels(sets.crops(), sets.cropLabels()), false).labels();
    this.photoLabels =
        sets.photos() == null
            ? List.of()
            : PaddleLabels.readDetection(labels(sets.photos(), "det_labels.txt"), false).labels();
    this.siteLabels =
        sets.site() == null
            ? List.of()
            : PaddleLabels.readRecognition(labels(sets.site(), "validation.txt"), false).labels();
  }

  private static Path labels(Path dir, String name) {
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no " + name + " in " + dir + " (real validation data)");
    }
    return file;
  }

  /** Real crops only: what a recognizer alone can be judged on. */
  public Map<String, Double> crops(ModelEvaluation evaluation) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (sets.crops() != null) {
      try {
        RecognitionMetrics m =
            PredictionEvaluation.recognition(
                    cropLabels, evaluation.readCrops(sets.crops(), cropLabels, line -> {}).plates())
                .recognition();
        metrics.put(CROPS_ACCURACY, m.accuracy());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (sets.site() != null && !siteLabels.isEmpty()) {
      try {
        RecognitionMetrics m =
            PredictionEvaluation.recognition(
                    siteLabels, evaluation.readCrops(sets.site(), siteLabels, line -> {}).plates())
                .recognition();
        metrics.put(SITE_ACCURACY, m.accuracy());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return metrics;
  }

  /** Real street photos: the plates emitted (F) and the detector's recall. */
  public Map<String, Double> photos(ModelEvaluation evaluation) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (sets.photos() != null) {
      try {
        ModelEvaluation.ScenePredictions found =
            evaluation.predictScenes(sets.photos(), photoLabels, line -> {});
        EndToEndMetrics emitted =
            PredictionEvaluation.detection(photoLabels, found.emittedPlates()).endToEnd();
        DetectionMetrics detection =
            PredictionEvaluation.detection(photoLabels, found.textBoxes()).detection();
        metrics.put(PHOTOS_PLATES_F, emitted.fMeasure());
        metrics.put(PHOTOS_RECALL, detection.recall());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return metrics;
  }

  /** Both sets with this pair. */
  public Map<String, Double> score(PlateDetector detector, PlateRecognizer recognizer) {
    ModelEvaluation evaluation = ModelEvaluation.chinese(detector, recognizer);
    Map<String, Double> metrics = new LinkedHashMap<>(crops(evaluation));
    metrics.putAll(photos(evaluation));
    return metrics;
  }
}
