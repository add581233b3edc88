package io.platestream.detector.inference;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.util.EnumSet;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where inference runs. {@code auto} takes CUDA when this ONNX Runtime build has it (the {@code
 * gpu} Maven profile) and a device answers, else the CPU, saying which in one log line.
 */
public enum ExecutionProvider {
  AUTO,
  CPU,
  CUDA;

  private static final Logger log = LoggerFactory.getLogger(ExecutionProvider.class);

  public static ExecutionProvider parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "execution provider must be auto, cpu or cuda, got '" + text + "'");
    }
  }

  /**
   * What this choice comes to before any session tries it: CUDA when asked for, or for auto when
   * this ONNX Runtime build has the CUDA provider; else the CPU. (A device that then fails to
   * answer still makes auto fall back to the CPU in {@link #applyTo}.)
   */
  public ExecutionProvider expected() {
    if (this != AUTO) {
      return this;
    }
    return ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)
        ? CUDA
        : CPU;
  }

  /** Adds the provider to the options and returns the one actually used (CPU or CUDA). */
  ExecutionProvider applyTo(OrtSession.SessionOptions options, int cudaDevice) throws OrtException {
    if (this == CPU) {
      return CPU;
    }
    EnumSet<OrtProvider> available = ai.onnxruntime.OrtEnvironment.getAvailableProviders();
    if (!available.contains(OrtProvider.CUDA)) {
      if (this == CUDA) {
        throw new IllegalStateException(
            "CUDA was asked for, but this ONNX Runtime build has no CUDA provider (build with -Pgpu); available: "
                + available);
      }
      log.info(
          "running inference on the CPU: this ONNX Runtime build has no CUDA provider (build with -Pgpu for GPUs)");
      return CPU;
    }
    try {
      options.addCUDA(cudaDevice);
      log.info("running inference on CUDA device {}", cudaDevice);
      return CUDA;
    } catch (OrtException e) {
      if (this == CUDA) throw e;
      log.info(
          "running inference on the CPU: CUDA provider present but unusable ({})", e.getMessage());
      return CPU;
    }
  }
}
