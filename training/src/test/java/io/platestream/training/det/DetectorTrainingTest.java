package io.platestream.training.det;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.platestream.datasets.geometry.Point2;
import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.PlateInstance;
import io.platestream.datasets.render.Scene;
import io.platestream.datasets.render.SceneConfig;
import io.platestream.datasets.render.SceneRenderer;
import io.platestream.training.TrainingLoop;
import io.platestream.training.graph.OnnxGraph;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shrink maps as PaddleOCR makes them, and a short fine-tune of the real PP-OCRv4 detector. */
class DetectorTrainingTest {

  @Test
  void aTextPolygonShrinksByTheAreaOverThePerimeterAndATinyOneIsMaskedOut() {
    // 100 x 40: D = 4000 x (1 - 0.16) / 280 = 12, so the truth is the 76 x 16 rectangle inside.
    List<Point2> plate =
        List.of(new Point2(10, 10), new Point2(110, 10), new Point2(110, 50), new Point2(10, 50));
    List<Point2> tiny =
        List.of(new Point2(120, 5), new Point2(125, 5), new Point2(125, 9), new Point2(120, 9));

    ShrinkMap.Maps maps = ShrinkMap.of(List.of(plate, tiny), 128, 64);

    int truth = 0;
    int masked = 0;
    for (int i = 0; i < maps.truth().length; i++) {
      truth += (int) maps.truth()[i];
      masked += maps.mask()[i] == 0 ? 1 : 0;
    }
    assertThat(truth).isBetween(76 * 16, 77 * 17);
    assertThat(maps.truth()[30 * 128 + 60]).isEqualTo(1f); // the centre
    assertThat(maps.truth()[12 * 128 + 12]).isEqualTo(0f); // inside the plate, outside the shrink
    assertThat(masked).isBetween(5 * 4, 6 * 5);
    assertThat(maps.mask()[7 * 128 + 122]).isEqualTo(0f);
  }

  @Test
  void theBorderMapFallsFromTheEdgesOverTheShrinkDistance() {
    // The same 100 x 40 plate: D = 12, so the map is 0.7 on an edge, 0.5 at 6 pixels, 0.3 beyond.
    List<Point2> plate =
        List.of(new Point2(10, 10), new Point2(110, 10), new Point2(110, 50), new Point2(10, 50));

    BorderMap.Maps maps = BorderMap.of(List.of(plate), 128, 64);

    assertThat(maps.threshold()[10 * 128 + 60]).isCloseTo(0.7f, within(1e-6f)); // on the top edge
    assertThat(maps.threshold()[16 * 128 + 60]).isCloseTo(0.5f, within(1e-6f)); // 6 inside
    assertThat(maps.threshold()[4 * 128 + 60]).isCloseTo(0.5f, within(1e-6f)); // 6 outside
    assertThat(maps.threshold()[30 * 128 + 60]).isCloseTo(0.3f, within(1e-6f)); // 20 inside
    assertThat(maps.mask()[30 * 128 + 60]).isEqualTo(1f); // ... still in the grown polygon
    assertThat(maps.mask()[4 * 128 + 60]).isEqualTo(1f);
    assertThat(maps.mask()[63 * 128 + 60]).isEqualTo(0f); // 13 below: outside it
    assertThat(maps.threshold()[63 * 128 + 60]).isCloseTo(0.3f, within(1e-6f));
  }

  @Test
  void aGraftedThresholdHeadTrainsTheFullDbLossAndStaysOutOfTheExport() throws Exception {
    FontsAvailableAccess.require();
    List<DetectorTraining.Sample> train = scenes(2, 300);
    byte[] onnx;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("models/ch_PP-OCRv4_det_infer.onnx")) {
      onnx = in.readAllBytes();
    }
    try (OnnxGraph graph = OnnxGraph.load(onnx, NDManager.newBaseManager())) {
      int weights = graph.parameters().size();
      DetectorTraining training =
          new DetectorTraining(
              graph, 960, io.platestream.training.data.DetAugment.Settings.plain(320), true);
      List<String> grafted =
          graph.parameters().keySet().stream()
              .filter(name -> name.startsWith(DetectorTraining.THRESHOLD_PREFIX))
              .toList();
      // Conv, two BNs (scale, bias), two transposed convolutions (weight, bias): 9 tensors, of
      // which the last bias, a single value, is a constant the copy shares: 8 weights.
      assertThat(grafted).hasSize(8);
      assertThat(graph.parameters()).hasSize(weights + 8);
      float[] before = graph.parameters().get(grafted.get(0)).toFloatArray();

      List<TrainingLoop.Step> steps =
          training.train(train, new TrainingLoop.Settings(2, 2, 2e-4, 1, 1e-5, 5, 2), s -> {});

      assertThat(steps).hasSize(2).allSatisfy(s -> assertThat(s.loss()).isFinite());
      assertThat(graph.parameters().get(grafted.get(0)).toFloatArray())
          .as("the threshold branch is trained")
          .isNotEqualTo(before);
      byte[] exported = graph.export();
      try (OnnxGraph served = OnnxGraph.load(exported, NDManager.newBaseManager())) {
        assertThat(served.parameters()).hasSize(weights);
        assertThat(served.parameters().keySet())
            .noneMatch(name -> name.startsWith(DetectorTraining.THRESHOLD_PREFIX));
      }
    }
  }

  @Test
  void aShortFineTuneLowersTheHeldOutLoss() throws Exception {
    FontsAvailableAccess.require();
    List<DetectorTraining.Sample> train = scenes(6, 100);
    List<DetectorTraining.Sample> heldOut = scenes(4, 200);
    byte[] onnx;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("models/ch_PP-OCRv4_det_infer.onnx")) {
      onnx = in.readAllBytes();
    }
    try (OnnxGraph graph = OnnxGraph.load(onnx, NDManager.newBaseManager())) {
      DetectorTraining training = new DetectorTraining(graph, 960);
      double before = training.loss(heldOut);
      training.train(
          train,
          new TrainingLoop.Settings(3, 2, 2e-4, 1, 1e-5, 5, 3),
          step ->
              System.out.printf(
                  "step %d loss %.4f rate %.2e%n", step.step(), step.loss(), step.rate()));
      double after = training.loss(heldOut);
      System.out.printf("held-out shrink-map loss: before %.4f, after %.4f%n", before, after);
      assertThat(after).isLessThan(before);
    }
  }

  private static List<DetectorTraining.Sample> scenes(int count, long seed) {
    SceneRenderer renderer =
        new SceneRenderer(SceneConfig.defaults().withSize(640, 360), PlateFonts.load());
    List<DetectorTraining.Sample> samples = new ArrayList<>();
    for (long s = seed; samples.size() < count; s++) {
      Scene scene = renderer.render(s);
      samples.add(
          new DetectorTraining.Sample(
              scene.image(), scene.plates().stream().map(PlateInstance::corners).toList()));
    }
    return samples;
  }
}
