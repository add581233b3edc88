package io.platestream.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.platestream.datasets.LabelReadResult;
import io.platestream.datasets.evaluation.EvaluationReport;
import io.platestream.datasets.evaluation.PredictionEvaluation;
import io.platestream.datasets.paddle.DetectionLabel;
import io.platestream.datasets.paddle.PaddleLabels;
import io.platestream.datasets.paddle.RecognitionLabel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Scores predictions against labels with PaddleOCR's metric definitions. Predictions are PaddleOCR
 * label files (as the stages' outputs can be exported); running model versions directly on a
 * dataset arrives with the detector and recogniser stages.
 */
@Command(
    name = "eval",
    description =
        "Score predictions against ground truth with PaddleOCR's metrics; prints them and writes JSON.")
final class EvalCommand implements Callable<Integer> {

  static final class Detection {
    @Option(
        names = "--det-labels",
        required = true,
        description = "Ground truth, PaddleOCR detection format.")
    Path labels;

    @Option(
        names = "--det-predictions",
        required = true,
        description = "Predictions, PaddleOCR detection format (transcriptions optional).")
    Path predictions;
  }

  static final class Recognition {
    @Option(
        names = "--rec-labels",
        required = true,
        description = "Ground truth, PaddleOCR recognition format.")
    Path labels;

    @Option(
        names = "--rec-predictions",
        required = true,
        description = "Predictions, PaddleOCR recognition format.")
    Path predictions;
  }

  @ArgGroup(exclusive = false)
  Detection detection;

  @ArgGroup(exclusive = false)
  Recognition recognition;

  @Option(
      names = "--skip-bad",
      description = "Count and report malformed label lines instead of stopping at the first.")
  boolean skipBad;

  @Option(names = "--json", description = "Also write the metrics to this JSON file.")
  Path json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (detection == null && recognition == null) {
      throw new IllegalArgumentException(
          "give --det-labels/--det-predictions, --rec-labels/--rec-predictions, or both");
    }
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Object> results = new java.util.LinkedHashMap<>();
    if (detection != null) {
      LabelReadResult<DetectionLabel> truth = PaddleLabels.readDetection(detection.labels, skipBad);
      LabelReadResult<DetectionLabel> predicted =
          PaddleLabels.readDetection(detection.predictions, skipBad);
      report(out, "labels", truth);
      report(out, "predictions", predicted);
      EvaluationReport report = PredictionEvaluation.detection(truth.labels(), predicted.labels());
      out.printf(
          "detection   precision %.4f  recall %.4f  hmean %.4f%n",
          report.detection().precision(), report.detection().recall(), report.detection().hmean());
      out.printf(
          "end-to-end  precision %.4f  recall %.4f  F %.4f%n",
          report.endToEnd().precision(), report.endToEnd().recall(), report.endToEnd().fMeasure());
      results.putAll(report.asMap());
    }
    if (recognition != null) {
      LabelReadResult<RecognitionLabel> truth =
          PaddleLabels.readRecognition(recognition.labels, skipBad);
      LabelReadResult<RecognitionLabel> predicted =
          PaddleLabels.readRecognition(recognition.predictions, skipBad);
      report(out, "labels", truth);
      report(out, "predictions", predicted);
      EvaluationReport report =
          PredictionEvaluation.recognition(truth.labels(), predicted.labels());
      out.printf(
          "recognition acc %.4f  norm_edit_dis %.4f  char_acc %.4f%n",
          report.recognition().accuracy(),
          report.recognition().normEditDistance(),
          report.recognition().charAccuracy());
      results.putAll(report.asMap());
    }
    if (json != null) {
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(json.toFile(), results);
      out.println("metrics written to " + json.toAbsolutePath());
    }
    return 0;
  }

  private static void report(PrintWriter out, String what, LabelReadResult<?> result) {
    if (!result.skipped().isEmpty()) {
      out.println(what + ": " + result.summary());
    }
  }
}
