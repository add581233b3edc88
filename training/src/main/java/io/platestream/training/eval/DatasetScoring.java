package io.platestream.training.eval;

import io.platestream.datasets.SyntheticDatasetWriter;
import io.platestream.datasets.evaluation.CropSlices;
import io.platestream.datasets.evaluation.EvaluationReport;
import io.platestream.datasets.evaluation.PredictionEvaluation;
import io.platestream.datasets.evaluation.ReadablePlates;
import io.platestream.datasets.evaluation.RecognitionBreakdown;
import io.platestream.datasets.metrics.EndToEndMetrics;
import io.platestream.datasets.metrics.RecognitionMetrics;
import io.platestream.datasets.paddle.DetectionLabel;
import io.platestream.datasets.paddle.PaddleLabels;
import io.platestream.datasets.paddle.RecognitionLabel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A detector and recognizer scored on a dataset folder as {@code dataset synth} writes it:
 * detection and end to end over whole scenes, recognition over the labelled crops, and on synthetic
 * sets the same again per plate type and without the plates no person could read. Figures are
 * printed as they come and returned for the JSON report.
 */
public final class DatasetScoring {
  /** The prediction files written beside the figures when asked for, in PaddleOCR's formats. */
  public static final String DET_PREDICTIONS = "det_predictions.txt";

  public static final String REC_PREDICTIONS = "rec_predictions.txt";

  private final Path data;
  private final boolean skipBad;
  private final Path savePredictions;
  private final PrintWriter out;
  private final Consumer<String> progress;

  /**
   * @param skipBad count malformed label lines instead of stopping at the first
   * @param savePredictions where to write the predictions, or null for nowhere
   */
  public DatasetScoring(
      Path data,
      boolean skipBad,
      Path savePredictions,
      PrintWriter out,
      Consumer<String> progress) {
    this.data = data;
    this.skipBad = skipBad;
    this.savePredictions = savePredictions;
    this.out = out;
    this.progress = progress;
  }

  private Path predictionsFile(String name) throws IOException {
    Files.createDirectories(savePredictions);
    return savePredictions.resolve(name);
  }

  private boolean synthetic() {
    return Files.isRegularFile(data.resolve("scenes.jsonl"));
  }

  /** Detection and end to end over whole scenes. */
  public Map<String, Object> scenes(ModelEvaluation evaluation) throws IOException {
    List<DetectionLabel> sceneLabels =
        PaddleLabels.readDetection(data.resolve("det_labels.txt"), skipBad).labels();
    List<DetectionLabel> found = evaluation.predictScenes(data, sceneLabels, progress);
    if (savePredictions != null) {
      PaddleLabels.writeDetection(predictionsFile(DET_PREDICTIONS), found);
    }
    EvaluationReport scenes = PredictionEvaluation.detection(sceneLabels, found);
    out.printf(
        "detection   precision %.4f  recall %.4f  hmean %.4f%n",
        scenes.detection().precision(), scenes.detection().recall(), scenes.detection().hmean());
    printEndToEnd(out, "end-to-end", scenes.endToEnd());
    Map<String, Object> results = new LinkedHashMap<>(scenes.asMap());
    if (synthetic()) {
      // Reading is only fair on plates a person could read: score it again without the rest.
      EndToEndMetrics readable =
          PredictionEvaluation.detection(
                  ReadablePlates.read(data).unreadableAsDoNotCare(sceneLabels), found)
              .endToEnd();
      printEndToEnd(out, "end-to-end, readable plates", readable);
      results.put("end_to_end_readable", EvaluationReport.asMap(readable));
    }
    return results;
  }

  /** Recognition on the labelled crops: overall, per slice, and the unreadable ones apart. */
  public Map<String, Object> crops(ModelEvaluation evaluation) throws IOException {
    List<RecognitionLabel> cropLabels =
        PaddleLabels.readRecognition(data.resolve("rec_labels.txt"), skipBad).labels();
    List<RecognitionLabel> readings = evaluation.readCrops(data, cropLabels, progress);
    if (savePredictions != null) {
      // An empty reading has no line in PaddleOCR's format; a missing line scores as empty.
      PaddleLabels.writeRecognition(
          predictionsFile(REC_PREDICTIONS),
          readings.stream().filter(r -> !r.text().isEmpty()).toList());
    }
    EvaluationReport crops = PredictionEvaluation.recognition(cropLabels, readings);
    out.printf(
        "recognition acc %.4f  norm_edit_dis %.4f  char_acc %.4f%n",
        crops.recognition().accuracy(),
        crops.recognition().normEditDistance(),
        crops.recognition().charAccuracy());
    Map<String, Object> results = new LinkedHashMap<>(crops.asMap());
    if (synthetic()) {
      results.put("recognition_by_slice", slices(cropLabels, readings));
    }
    Path unreadableLabels = data.resolve(SyntheticDatasetWriter.UNREADABLE_LABELS);
    if (Files.isRegularFile(unreadableLabels)) {
      List<RecognitionLabel> unreadable =
          PaddleLabels.readRecognition(unreadableLabels, skipBad).labels();
      RecognitionMetrics m =
          PredictionEvaluation.recognition(
                  unreadable, evaluation.readCrops(data, unreadable, progress))
              .recognition();
      out.printf(
          Locale.ROOT,
          "unreadable  %d crops too small or blurred to read, not in the figures above:"
              + " acc %.4f  norm_edit_dis %.4f%n",
          m.samples(),
          m.accuracy(),
          m.normEditDistance());
      results.put("recognition_unreadable", EvaluationReport.asMap(m));
    }
    return results;
  }

  private static void printEndToEnd(PrintWriter out, String name, EndToEndMetrics m) {
    out.printf(
        Locale.ROOT,
        "%-11s precision %.4f  recall %.4f  F %.4f%n",
        name,
        m.precision(),
        m.recall(),
        m.fMeasure());
  }

  /** Recognition per plate type and hard case, from the synthetic set's scenes.jsonl. */
  private Map<String, Object> slices(List<RecognitionLabel> truth, List<RecognitionLabel> readings)
      throws IOException {
    RecognitionBreakdown breakdown = new RecognitionBreakdown(CropSlices.read(data));
    for (int i = 0; i < truth.size(); i++) {
      breakdown.add(truth.get(i).imagePath(), readings.get(i).text(), truth.get(i).text());
    }
    Map<String, Object> json = new LinkedHashMap<>();
    breakdown
        .result()
        .forEach(
            (slice, m) -> {
              out.printf(
                  Locale.ROOT,
                  "  %-26s %4d crops  acc %.4f  norm_edit_dis %.4f%n",
                  slice,
                  m.samples(),
                  m.accuracy(),
                  m.normEditDistance());
              json.put(slice, EvaluationReport.asMap(m));
            });
    return json;
  }
}
