package io.platestream.training.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Gradients through the graph's ops against finite differences, on a small graph made of the ops
 * the PP-OCR models use: Conv (weights and bias in Constant nodes) -> HardSigmoid -> Mul with the
 * input of the HardSigmoid (a hard swish) -> ConvTranspose -> a 1x1 Conv (run as a matrix product)
 * -> GlobalAveragePool.
 */
class OnnxGraphGradientTest {

  @Test
  void weightGradientsMatchFiniteDifferences() {
    Random random = new Random(4);
    byte[] model =
        ModelProto.newBuilder()
            .setIrVersion(7)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(12))
            .setGraph(
                GraphProto.newBuilder()
                    .addInput(ValueInfoProto.newBuilder().setName("x"))
                    .addOutput(ValueInfoProto.newBuilder().setName("y"))
                    .addNode(constant("w", random, 4, 2, 3, 3))
                    .addNode(constant("b", random, 4))
                    .addNode(constant("wt", random, 4, 3, 2, 2))
                    .addNode(constant("wp", random, 5, 3, 1, 1))
                    .addNode(constant("bp", random, 5))
                    .addNode(
                        NodeProto.newBuilder()
                            .setOpType("Conv")
                            .addInput("x")
                            .addInput("w")
                            .addInput("b")
                            .addOutput("c")
                            .addAttribute(ints("pads", 1, 1, 1, 1))
                            .addAttribute(ints("strides", 2, 2)))
                    .addNode(
                        NodeProto.newBuilder()
                            .setOpType("HardSigmoid")
                            .addInput("c")
                            .addOutput("g"))
                    .addNode(
                        NodeProto.newBuilder()
                            .setOpType("Mul")
                            .addInput("c")
                            .addInput("g")
                            .addOutput("s"))
                    .addNode(
                        NodeProto.newBuilder()
                            .setOpType("ConvTranspose")
                            .addInput("s")
                            .addInput("wt")
                            .addOutput("u")
                            .addAttribute(ints("strides", 2, 2)))
                    .addNode(
                        NodeProto.newBuilder()
                            .setOpType("Conv")
                            .addInput("u")
                            .addInput("wp")
                            .addInput("bp")
                            .addOutput("p"))
                    .addNode(
                        NodeProto.newBuilder()
                            .setOpType("GlobalAveragePool")
                            .addInput("p")
                            .addOutput("y")))
            .build()
            .toByteArray();
    float[] input = new float[2 * 8 * 8];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) random.nextGaussian();
    }
    try (OnnxGraph graph = OnnxGraph.load(model, NDManager.newBaseManager());
        NDManager manager = NDManager.newBaseManager()) {
      assertThat(graph.parameters()).containsOnlyKeys("w", "b", "wt", "wp", "bp");
      graph.parameters().values().forEach(p -> p.setRequiresGradient(true));
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        collector.backward(loss(graph, manager, input));
      }
      for (String name : List.of("w", "b", "wt", "wp", "bp")) {
        NDArray weights = graph.parameters().get(name);
        float[] gradient = weights.getGradient().toFloatArray();
        for (int index : new int[] {0, 3, (int) weights.size() - 1}) {
          double numeric = numeric(graph, manager, input, weights, index);
          assertThat((double) gradient[index])
              .as("d loss / d %s[%d]", name, index)
              .isCloseTo(numeric, within(1e-3 + 2e-2 * Math.abs(numeric)));
        }
      }
    }
  }

  private static NDArray loss(OnnxGraph graph, NDManager manager, float[] input) {
    NDArray x = manager.create(input, new Shape(1, 2, 8, 8));
    return graph.forward(Map.of("x", x), List.of("y")).get("y").square().sum();
  }

  /** (f(w + h) - f(w - h)) / 2h for one weight, in float32 like the graph. */
  private static double numeric(
      OnnxGraph graph, NDManager manager, float[] input, NDArray weights, int index) {
    float h = 1e-2f;
    float[] values = weights.toFloatArray();
    float original = values[index];
    values[index] = original + h;
    weights.set(values);
    double plus = loss(graph, manager, input).getFloat();
    values[index] = original - h;
    weights.set(values);
    double minus = loss(graph, manager, input).getFloat();
    values[index] = original;
    weights.set(values);
    return (plus - minus) / (2 * h);
  }

  private static NodeProto constant(String name, Random random, long... dims) {
    TensorProto.Builder tensor =
        TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT_VALUE);
    long size = 1;
    for (long d : dims) {
      tensor.addDims(d);
      size *= d;
    }
    for (int i = 0; i < size; i++) {
      tensor.addFloatData((float) (random.nextGaussian() * 0.5));
    }
    return NodeProto.newBuilder()
        .setOpType("Constant")
        .addOutput(name)
        .addAttribute(
            AttributeProto.newBuilder()
                .setName("value")
                .setType(AttributeProto.AttributeType.TENSOR)
                .setT(tensor))
        .build();
  }

  private static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }
}
