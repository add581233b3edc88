package io.platestream.training.graph;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.platestream.datasets.plates.PlateType;
import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.PlateRenderer;
import io.platestream.datasets.render.Scene;
import io.platestream.datasets.render.SceneConfig;
import io.platestream.datasets.render.SceneRenderer;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The training graph's forward pass against ONNX Runtime on the same file and the same real input
 * (a rendered plate for the recognizers, a rendered street scene for the detectors).
 */
class OnnxGraphParityTest {

  @ParameterizedTest
  @ValueSource(strings = {"ch_PP-OCRv4_rec_infer.onnx", "ch_PP-OCRv3_rec_infer.onnx"})
  void recognizersMatchOnnxRuntime(String file) throws Exception {
    FontsAvailableAccess.require();
    BufferedImage plate =
        new PlateRenderer(PlateFonts.load()).render("京A12345", PlateType.BLUE, 48, new Random(3));
    float[] input =
        normalised(
            fit(plate, 320, 48), new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});
    double error = maxError(resource(file), input, new long[] {1, 3, 48, 320});
    System.out.printf("%s: max |graph - ONNX Runtime| = %.2e%n", file, error);
    assertThat(error).isLessThan(1e-3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ch_PP-OCRv4_det_infer.onnx", "ch_PP-OCRv3_det_infer.onnx"})
  void detectorsMatchOnnxRuntime(String file) throws Exception {
    FontsAvailableAccess.require();
    Scene scene =
        new SceneRenderer(SceneConfig.defaults().withSize(320, 320), PlateFonts.load()).render(11);
    float[] input =
        normalised(
            scene.image(),
            new float[] {0.485f, 0.456f, 0.406f},
            new float[] {0.229f, 0.224f, 0.225f});
    double error = maxError(resource(file), input, new long[] {1, 3, 320, 320});
    System.out.printf("%s: max |graph - ONNX Runtime| = %.2e%n", file, error);
    assertThat(error).isLessThan(1e-3);
  }

  private static double maxError(byte[] onnx, float[] input, long[] shape) throws Exception {
    float[] expected;
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
        OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
        OrtSession.Result result =
            session.run(Map.of(session.getInputNames().iterator().next(), tensor))) {
      expected = ((OnnxTensor) result.get(0)).getFloatBuffer().array();
    }
    try (OnnxGraph graph = OnnxGraph.load(onnx, NDManager.newBaseManager())) {
      NDManager manager = NDManager.newBaseManager();
      try (manager) {
        NDArray x = manager.create(input, new Shape(shape));
        String output = graph.outputNames().get(0);
        float[] actual =
            graph
                .forward(Map.of(graph.inputNames().get(0), x), List.of(output))
                .get(output)
                .toFloatArray();
        assertThat(actual).hasSameSizeAs(expected);
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
          max = Math.max(max, Math.abs(actual[i] - expected[i]));
        }
        return max;
      }
    }
  }

  /** The image scaled to the height, left-aligned on a black canvas of the given width. */
  private static BufferedImage fit(BufferedImage image, int width, int height) {
    int scaled = Math.min(width, Math.round(image.getWidth() * (float) height / image.getHeight()));
    BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas.createGraphics();
    g.drawImage(image, 0, 0, scaled, height, null);
    g.dispose();
    return canvas;
  }

  /** NCHW, BGR channel order, (v / 255 - mean) / std. */
  private static float[] normalised(BufferedImage image, float[] mean, float[] std) {
    int w = image.getWidth();
    int h = image.getHeight();
    float[] out = new float[3 * w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = image.getRGB(x, y);
        int[] bgr = {rgb & 0xff, (rgb >> 8) & 0xff, (rgb >> 16) & 0xff};
        for (int c = 0; c < 3; c++) {
          out[c * w * h + y * w + x] = (bgr[c] / 255f - mean[c]) / std[c];
        }
      }
    }
    return out;
  }

  private static byte[] resource(String file) throws Exception {
    try (InputStream in =
        OnnxGraphParityTest.class.getClassLoader().getResourceAsStream("models/" + file)) {
      return in.readAllBytes();
    }
  }
}
