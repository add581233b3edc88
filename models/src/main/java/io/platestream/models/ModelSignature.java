package io.platestream.models;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.platestream.models.artifact.ArtifactException;
import io.platestream.schemas.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The input and output tensors of an ONNX model, read by opening it with ONNX Runtime. */
public record ModelSignature(List<TensorSpec> inputs, List<TensorSpec> outputs) {

  /**
   * @throws ArtifactException when the bytes are not a model ONNX Runtime can open
   */
  public static ModelSignature of(byte[] onnx) {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = signatureOnly();
        OrtSession session = environment.createSession(onnx, options)) {
      return new ModelSignature(specs(session.getInputInfo()), specs(session.getOutputInfo()));
    } catch (OrtException e) {
      throw new ArtifactException("not a model ONNX Runtime can open: " + e.getMessage(), e);
    }
  }

  /** Options that only load the graph: optimizing it would take longer and change nothing here. */
  private static OrtSession.SessionOptions signatureOnly() throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
    options.setIntraOpNumThreads(1);
    return options;
  }

  private static List<TensorSpec> specs(Map<String, NodeInfo> nodes) {
    List<TensorSpec> specs = new ArrayList<>();
    for (NodeInfo node : nodes.values()) {
      if (!(node.getInfo() instanceof TensorInfo tensor)) {
        throw new ArtifactException("model tensor " + node.getName() + " is not a tensor");
      }
      specs.add(
          new TensorSpec(
              node.getName(),
              tensor.type.name(),
              Arrays.stream(tensor.getShape()).boxed().toList()));
    }
    return specs;
  }
}
