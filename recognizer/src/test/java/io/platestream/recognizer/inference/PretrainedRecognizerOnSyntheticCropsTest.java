package io.platestream.recognizer.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.datasets.geometry.PerspectiveWarp;
import io.platestream.datasets.metrics.RecognitionEvaluator;
import io.platestream.datasets.metrics.RecognitionMetrics;
import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.PlateInstance;
import io.platestream.datasets.render.Scene;
import io.platestream.datasets.render.SceneConfig;
import io.platestream.datasets.render.SceneRenderer;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real pretrained PP-OCRv4 recognizer on synthetic plate crops (fixed seed, cut from the
 * ground-truth outlines with the detector's rectification), greedy CTC decoding.
 */
class PretrainedRecognizerOnSyntheticCropsTest {
  private static OnnxRecognizerModel model;
  private static List<BufferedImage> crops;
  private static List<String> truths;

  @BeforeAll
  static void setUp() {
    FontsAvailableAccess.require();
    model = OnnxRecognizerModel.pretrained(2);
    SceneRenderer renderer =
        new SceneRenderer(SceneConfig.defaults().withSize(960, 540), PlateFonts.load());
    crops = new ArrayList<>();
    truths = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Scene scene = renderer.render(2000 + i);
      for (PlateInstance plate : scene.plates()) {
        crops.add(PerspectiveWarp.rectify(scene.image(), plate.corners()));
        truths.add(plate.text());
      }
    }
  }

  @AfterAll
  static void tearDown() {
    model.close();
  }

  @Test
  void greedyDecodingAccuracy() {
    List<Reading> readings = PlateRecognizer.withDefaults(model).recognize(crops);
    RecognitionEvaluator evaluator = new RecognitionEvaluator();
    for (int i = 0; i < crops.size(); i++) evaluator.add(readings.get(i).text(), truths.get(i));
    RecognitionMetrics m = evaluator.result();
    System.out.printf(
        "greedy CTC on %d synthetic crops: acc %.3f, norm_edit_dis %.3f, char_acc %.3f%n",
        m.samples(), m.accuracy(), m.normEditDistance(), m.charAccuracy());

    assertThat(m.samples()).isGreaterThan(40);
    assertThat(m.charAccuracy()).as("character accuracy (regression floor)").isGreaterThan(0.5);
  }

  @Test
  void paddingTo320AsPaddleOcrDoesReadsAtLeastAsWellAsWidthBuckets() {
    List<Reading> padded = PlateRecognizer.withDefaults(model).recognize(crops);
    List<Reading> bucketed =
        new PlateRecognizer(
                model, RecPreprocessor.widthBuckets(), CharacterDictionary.ppocrKeysV1())
            .recognize(crops);
    RecognitionEvaluator paddedEval = new RecognitionEvaluator(),
        bucketedEval = new RecognitionEvaluator();
    int changed = 0;
    for (int i = 0; i < crops.size(); i++) {
      paddedEval.add(padded.get(i).text(), truths.get(i));
      bucketedEval.add(bucketed.get(i).text(), truths.get(i));
      if (!padded.get(i).text().equals(bucketed.get(i).text())) changed++;
    }
    RecognitionMetrics p = paddedEval.result(), b = bucketedEval.result();
    System.out.printf(
        "padded to 320: acc %.3f char %.3f | width buckets: acc %.3f char %.3f | %d of %d readings differ%n",
        p.accuracy(), p.charAccuracy(), b.accuracy(), b.charAccuracy(), changed, crops.size());

    // Why the default is 320: if buckets ever read as well, they should become the default.
    assertThat(p.accuracy()).isGreaterThanOrEqualTo(b.accuracy());
    assertThat(p.charAccuracy()).isGreaterThanOrEqualTo(b.charAccuracy());
  }

  @Test
  void grammarDecodingIsNotWorseThanGreedyOnAnyMetric() {
    PlateRecognizer recognizer = PlateRecognizer.withDefaults(model);
    List<Reading> greedy = recognizer.recognize(crops);
    List<PlateReading> grammar =
        recognizer.read(
            crops, GrammarBeamDecoder.chineseDefaults(CharacterDictionary.ppocrKeysV1()));
    RecognitionEvaluator greedyEval = new RecognitionEvaluator(),
        grammarEval = new RecognitionEvaluator();
    int valid = 0;
    for (int i = 0; i < crops.size(); i++) {
      greedyEval.add(greedy.get(i).text(), truths.get(i));
      grammarEval.add(grammar.get(i).text(), truths.get(i));
      if (grammar.get(i).valid()) valid++;
    }
    RecognitionMetrics g = greedyEval.result(), p = grammarEval.result();
    System.out.printf(
        "greedy: acc %.3f norm_edit_dis %.3f char_acc %.3f | grammar: acc %.3f norm_edit_dis %.3f char_acc %.3f | %d of %d valid%n",
        g.accuracy(),
        g.normEditDistance(),
        g.charAccuracy(),
        p.accuracy(),
        p.normEditDistance(),
        p.charAccuracy(),
        valid,
        crops.size());

    assertThat(p.accuracy()).isGreaterThanOrEqualTo(g.accuracy());
    assertThat(p.normEditDistance()).isGreaterThanOrEqualTo(g.normEditDistance());
    assertThat(p.charAccuracy()).isGreaterThanOrEqualTo(g.charAccuracy());
  }
}
