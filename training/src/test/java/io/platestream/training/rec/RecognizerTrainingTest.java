package io.platestream.training.rec;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.platestream.datasets.geometry.PerspectiveWarp;
import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.PlateInstance;
import io.platestream.datasets.render.Scene;
import io.platestream.datasets.render.SceneConfig;
import io.platestream.datasets.render.SceneRenderer;
import io.platestream.recognizer.inference.CharacterDictionary;
import io.platestream.training.TrainingLoop;
import io.platestream.training.graph.OnnxGraph;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A short fine-tune of the real PP-OCRv4 recognizer on synthetic plate crops: the loss falls, the
 * held-out accuracy rises over the pretrained model's, and the exported file runs in ONNX Runtime
 * exactly as the trained graph does.
 */
class RecognizerTrainingTest {

  @Test
  void aShortFineTuneLearnsAndExportsADropInReplacement() throws Exception {
    FontsAvailableAccess.require();
    List<RecognizerTraining.Sample> train = plates(64, 1);
    List<RecognizerTraining.Sample> heldOut = plates(48, 2);
    byte[] original = resource("models/ch_PP-OCRv4_rec_infer.onnx");

    try (OnnxGraph graph = OnnxGraph.load(original, NDManager.newBaseManager())) {
      RecognizerTraining training =
          new RecognizerTraining(graph, CharacterDictionary.ppocrKeysV1());
      double before = training.accuracy(heldOut);
      List<TrainingLoop.Step> steps =
          training.train(
              train,
              new TrainingLoop.Settings(3, 8, 2e-4, 2, 1e-5, 5, 7),
              null,
              step ->
                  System.out.printf(
                      "step %d loss %.3f rate %.2e%n", step.step(), step.loss(), step.rate()));
      double after = training.accuracy(heldOut);
      System.out.printf(
          "held-out exact accuracy (greedy): before %.3f, after %.3f%n", before, after);

      double firstLoss =
          steps.subList(0, 4).stream()
              .mapToDouble(TrainingLoop.Step::loss)
              .filter(Double::isFinite)
              .average()
              .orElseThrow();
      double lastLoss =
          steps.subList(steps.size() - 4, steps.size()).stream()
              .mapToDouble(TrainingLoop.Step::loss)
              .filter(Double::isFinite) // a skipped step (not finite) says nothing of the trend
              .average()
              .orElseThrow();
      assertThat(lastLoss).isLessThan(firstLoss);
      assertThat(after).isGreaterThan(before);

      // The exported file, in ONNX Runtime, computes what the trained graph computes.
      byte[] exported = graph.export();
      assertThat(exported).isNotEqualTo(original);
      float[] input = new float[3 * 48 * 320];
      Random random = new Random(3);
      for (int i = 0; i < input.length; i++) {
        input[i] = random.nextFloat() * 2 - 1;
      }
      float[] trained;
      try (NDManager scope = NDManager.newBaseManager()) {
        NDArray x = scope.create(input, new Shape(1, 3, 48, 320));
        String out = graph.outputNames().get(0);
        trained =
            graph
                .forward(Map.of(graph.inputNames().get(0), x), List.of(out))
                .get(out)
                .toFloatArray();
      }
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OrtSession session = env.createSession(exported, new OrtSession.SessionOptions());
          OnnxTensor tensor =
              OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, 48, 320});
          OrtSession.Result result =
              session.run(Map.of(session.getInputNames().iterator().next(), tensor))) {
        float[] served = ((OnnxTensor) result.get(0)).getFloatBuffer().array();
        double max = 0;
        for (int i = 0; i < served.length; i++) {
          max = Math.max(max, Math.abs(served[i] - trained[i]));
        }
        System.out.printf("export parity: max |ONNX Runtime - graph| = %.2e%n", max);
        assertThat(max).isLessThan(1e-3);
      }
    }
  }

  /**
   * Plates as the detector hands them over: cut out of rendered street scenes (tilt, blur, night,
   * noise) and rectified, the crops the pretrained model reads least well.
   */
  private static List<RecognizerTraining.Sample> plates(int count, long seed) {
    SceneRenderer renderer =
        new SceneRenderer(SceneConfig.defaults().withSize(960, 540), PlateFonts.load());
    List<RecognizerTraining.Sample> samples = new ArrayList<>();
    for (long scene = seed * 10_000; samples.size() < count; scene++) {
      Scene rendered = renderer.render(scene);
      for (PlateInstance plate : rendered.plates()) {
        if (samples.size() < count) {
          samples.add(
              new RecognizerTraining.Sample(
                  PerspectiveWarp.rectify(rendered.image(), plate.corners()), plate.text()));
        }
      }
    }
    return samples;
  }

  private static byte[] resource(String path) throws Exception {
    try (InputStream in = RecognizerTrainingTest.class.getClassLoader().getResourceAsStream(path)) {
      return in.readAllBytes();
    }
  }
}
