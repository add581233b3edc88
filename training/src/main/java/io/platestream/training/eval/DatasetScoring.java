package io.platestream.training.eval;

import io.platestream.datasets.SyntheticDatasetWriter;
import io.platestream.datasets.evaluation.CropSlices;
import io.platestream.datasets.evaluation.EvaluationReport;
import io.platestream.datasets.evaluation.PredictionEvaluation;
import io.platestream.datasets.evaluation.ReadablePlates;
import io.platestream.datasets.evaluation.RecognitionBreakdown;
import io.platestream.datasets.geometry.PerspectiveWarp;
import io.platestream.datasets.metrics.EndToEndMetrics;
import io.platestream.datasets.metrics.RecognitionMetrics;
import io.platestream.datasets.paddle.DetectionLabel;
import io.platestream.datasets.paddle.PaddleLabels;
import io.platestream.datasets.paddle.RecognitionLabel;
import io.platestream.datasets.paddle.TextRegion;
import io.platestream.training.data.ImageSource;
import io.platestream.training.data.LabelledData;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A detector and recognizer scored on a dataset folder: detection and end to end over whole scenes,
 * recognition over the labelled crops, as PaddleOCR scores them (every text box, greedy decoding),
 * and beside those what a user of the pipeline gets: the plates it emits (the plate decoder's valid
 * readings, after the plate filter, exactly as the recognize stage passes them on), recognition
 * with that decoder, and crops per image. On synthetic sets the same again per plate type and
 * without the plates no person could read. Figures are printed as they come and returned for the
 * JSON report.
 */
public final class DatasetScoring {
  /** The prediction files written beside the figures when asked for, in PaddleOCR's formats. */
  public static final String DET_PREDICTIONS = "det_predictions.txt";

  public static final String REC_PREDICTIONS = "rec_predictions.txt";

  /** The plates the pipeline would emit per scene, in PaddleOCR's detection format. */
  public static final String EMITTED_PREDICTIONS = "plates_emitted.txt";

  /**
   * Where the labels are.
   *
   * @param format PaddleOCR label files ({@code det_labels.txt} and the crop label file) or CCPD
   *     file names (scenes, and crops rectified from their corners)
   * @param cropLabels the PaddleOCR recognition label file of the crops ({@code rec_labels.txt} as
   *     {@code dataset synth} writes it)
   */
  public record Dataset(Path dir, LabelledData.Format format, String cropLabels) {
    public static Dataset paddle(Path dir) {
      return new Dataset(dir, LabelledData.Format.PADDLE, "rec_labels.txt");
    }
  }

  private final Dataset data;
  private final boolean skipBad;
  private final Path savePredictions;
  private final PrintWriter out;
  private final Consumer<String> progress;

  /**
   * @param skipBad count malformed label lines instead of stopping at the first
   * @param savePredictions where to write the predictions, or null for nowhere
   */
  public DatasetScoring(
      Dataset data,
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
    return Files.isRegularFile(data.dir().resolve("scenes.jsonl"));
  }

  private boolean ccpd() {
    return data.format() == LabelledData.Format.CCPD;
  }

  /** The labelled scenes, or none when a PaddleOCR folder holds crops only. */
  private List<DetectionLabel> sceneLabels() throws IOException {
    if (ccpd()) {
      return LabelledData.detection(data.dir(), data.format());
    }
    Path labels = data.dir().resolve("det_labels.txt");
    return Files.isRegularFile(labels)
        ? PaddleLabels.readDetection(labels, skipBad).labels()
        : null;
  }

  /** Detection and end to end over whole scenes, and the plates the pipeline would emit. */
  public Map<String, Object> scenes(ModelEvaluation evaluation) throws IOException {
    List<DetectionLabel> sceneLabels = sceneLabels();
    if (sceneLabels == null) {
      out.println("no det_labels.txt in " + data.dir() + ": scenes not scored");
      return Map.of();
    }
    ModelEvaluation.ScenePredictions found =
        evaluation.predictScenes(data.dir(), sceneLabels, progress);
    if (savePredictions != null) {
      PaddleLabels.writeDetection(predictionsFile(DET_PREDICTIONS), found.textBoxes());
      PaddleLabels.writeDetection(predictionsFile(EMITTED_PREDICTIONS), found.emittedPlates());
    }
    EvaluationReport scenes = PredictionEvaluation.detection(sceneLabels, found.textBoxes());
    out.printf(
        Locale.ROOT,
        "detection   precision %.4f  recall %.4f  hmean %.4f%n",
        scenes.detection().precision(),
        scenes.detection().recall(),
        scenes.detection().hmean());
    printEndToEnd(out, "end-to-end", scenes.endToEnd());
    EndToEndMetrics emitted =
        PredictionEvaluation.detection(sceneLabels, found.emittedPlates()).endToEnd();
    printEndToEnd(out, "plates emitted", emitted);
    double cropsPerImage = sceneLabels.isEmpty() ? 0 : (double) found.crops() / sceneLabels.size();
    out.printf(Locale.ROOT, "crops per image %.2f%n", cropsPerImage);
    Map<String, Object> results = new LinkedHashMap<>(scenes.asMap());
    results.put("plates_emitted", EvaluationReport.asMap(emitted));
    results.put("crops_per_image", cropsPerImage);
    if (synthetic()) {
      // Reading is only fair on plates a person could read: score it again without the rest.
      List<DetectionLabel> readable =
          ReadablePlates.read(data.dir()).unreadableAsDoNotCare(sceneLabels);
      EndToEndMetrics readableEndToEnd =
          PredictionEvaluation.detection(readable, found.textBoxes()).endToEnd();
      printEndToEnd(out, "end-to-end, readable plates", readableEndToEnd);
      results.put("end_to_end_readable", EvaluationReport.asMap(readableEndToEnd));
      EndToEndMetrics readableEmitted =
          PredictionEvaluation.detection(readable, found.emittedPlates()).endToEnd();
      printEndToEnd(out, "plates emitted, readable plates", readableEmitted);
      results.put("plates_emitted_readable", EvaluationReport.asMap(readableEmitted));
    }
    return results;
  }

  /**
   * Recognition on the labelled crops, greedy and with the plate decoder: overall, per slice, and
   * the unreadable ones apart.
   */
  public Map<String, Object> crops(ModelEvaluation evaluation) throws IOException {
    List<RecognitionLabel> cropLabels;
    ModelEvaluation.CropPredictions readings;
    if (ccpd()) {
      List<ModelEvaluation.Crop> crops = new ArrayList<>();
      cropLabels = new ArrayList<>();
      for (DetectionLabel scene : LabelledData.detection(data.dir(), data.format())) {
        TextRegion plate = scene.regions().get(0);
        ImageSource photo = ImageSource.file(data.dir().resolve(scene.imagePath()));
        crops.add(
            new ModelEvaluation.Crop(
                scene.imagePath(),
                () -> PerspectiveWarp.rectify(photo.load(), plate.polygon().points())));
        cropLabels.add(new RecognitionLabel(scene.imagePath(), plate.transcription()));
      }
      readings = evaluation.readCrops(crops, progress);
    } else {
      Path labels = data.dir().resolve(data.cropLabels());
      if (!Files.isRegularFile(labels)) {
        out.println("no " + data.cropLabels() + " in " + data.dir() + ": crops not scored");
        return Map.of();
      }
      cropLabels = PaddleLabels.readRecognition(labels, skipBad).labels();
      readings = evaluation.readCrops(data.dir(), cropLabels, progress);
    }
    if (savePredictions != null) {
      // An empty reading has no line in PaddleOCR's format; a missing line scores as empty.
      PaddleLabels.writeRecognition(
          predictionsFile(REC_PREDICTIONS),
          readings.greedy().stream().filter(r -> !r.text().isEmpty()).toList());
    }
    EvaluationReport crops = PredictionEvaluation.recognition(cropLabels, readings.greedy());
    printRecognition("recognition", crops.recognition());
    RecognitionMetrics plates =
        PredictionEvaluation.recognition(cropLabels, readings.plates()).recognition();
    printRecognition("recognition, plate decoder", plates);
    Map<String, Object> results = new LinkedHashMap<>(crops.asMap());
    results.put("recognition_plate_decoder", EvaluationReport.asMap(plates));
    if (synthetic()) {
      results.put("recognition_by_slice", slices(cropLabels, readings.greedy()));
    }
    Path unreadableLabels = data.dir().resolve(SyntheticDatasetWriter.UNREADABLE_LABELS);
    if (!ccpd() && Files.isRegularFile(unreadableLabels)) {
      List<RecognitionLabel> unreadable =
          PaddleLabels.readRecognition(unreadableLabels, skipBad).labels();
      RecognitionMetrics m =
          PredictionEvaluation.recognition(
                  unreadable, evaluation.readCrops(data.dir(), unreadable, progress).greedy())
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

  private void printRecognition(String name, RecognitionMetrics m) {
    out.printf(
        Locale.ROOT,
        "%s acc %.4f  norm_edit_dis %.4f  char_acc %.4f%n",
        name,
        m.accuracy(),
        m.normEditDistance(),
        m.charAccuracy());
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
    RecognitionBreakdown breakdown = new RecognitionBreakdown(CropSlices.read(data.dir()));
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
