package io.platestream.training.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What loading checks, and what the loaded graph offers besides the forward pass. */
class OnnxGraphLoadTest {

  @Test
  void anUnsupportedOpFailsAtLoadNamingItsNode() {
    byte[] model =
        model(
            NodeProto.newBuilder()
                .setName("gather_7")
                .setOpType("Gather")
                .addInput("x")
                .addOutput("y"));

    assertThatThrownBy(() -> OnnxGraph.load(model, NDManager.newBaseManager()))
        .isInstanceOf(UnsupportedOnnxException.class)
        .hasMessage("Gather node 'gather_7': op Gather is not supported");
  }

  @Test
  void anUnsupportedAttributeOrPaddingFailsAtLoadNamingItsNode() {
    byte[] unknownAttribute =
        model(
            NodeProto.newBuilder()
                .setName("act")
                .setOpType("Relu")
                .addInput("x")
                .addOutput("y")
                .addAttribute(
                    AttributeProto.newBuilder()
                        .setName("alpha")
                        .setType(AttributeProto.AttributeType.FLOAT)
                        .setF(1)));
    byte[] asymmetricPads =
        model(
            NodeProto.newBuilder()
                .setName("conv_1")
                .setOpType("Conv")
                .addInput("x")
                .addInput("w")
                .addOutput("y")
                .addAttribute(
                    AttributeProto.newBuilder()
                        .setName("pads")
                        .setType(AttributeProto.AttributeType.INTS)
                        .addAllInts(List.of(0L, 0L, 1L, 1L))));

    assertThatThrownBy(() -> OnnxGraph.load(unknownAttribute, NDManager.newBaseManager()))
        .hasMessage("Relu node 'act': attribute 'alpha' is not supported");
    assertThatThrownBy(() -> OnnxGraph.load(asymmetricPads, NDManager.newBaseManager()))
        .hasMessage("Conv node 'conv_1': pads [0, 0, 1, 1] are not 2-D and symmetric");
    assertThatThrownBy(() -> OnnxGraph.load(new byte[] {1, 2, 3}, NDManager.newBaseManager()))
        .isInstanceOf(UnsupportedOnnxException.class)
        .hasMessageStartingWith("not an ONNX model");
  }

  @Test
  void theRecognizerStopsAtItsLogitsAndKeepsItsStatisticsOutOfItsWeights() throws Exception {
    byte[] onnx;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("models/ch_PP-OCRv4_rec_infer.onnx")) {
      onnx = in.readAllBytes();
    }
    try (OnnxGraph graph = OnnxGraph.load(onnx, NDManager.newBaseManager());
        NDManager manager = NDManager.newBaseManager()) {
      assertThat(graph.opset()).isEqualTo(12);
      assertThat(graph.parameters()).hasSizeGreaterThan(100);
      long weights = graph.parameters().values().stream().mapToLong(NDArray::size).sum();
      System.out.printf(
          "PP-OCRv4 rec: %d weight tensors, %d values%n", graph.parameters().size(), weights);
      assertThat(weights).isGreaterThan(1_000_000);

      // The last Softmax's input: the logits a CTC loss wants, before normalisation.
      String output = graph.outputNames().get(0);
      String logits = graph.producerInputs(output).get(0);
      NDArray x = manager.randomUniform(-1, 1, new Shape(1, 3, 48, 160));
      Map<String, NDArray> both =
          graph.forward(Map.of(graph.inputNames().get(0), x), List.of(logits, output));
      NDArray softmaxOfLogits = both.get(logits).softmax(-1);
      assertThat(both.get(logits).getShape()).isEqualTo(both.get(output).getShape());
      assertThat(softmaxOfLogits.sub(both.get(output)).abs().max().getFloat()).isLessThan(1e-5f);
    }
  }

  @Test
  void aCopiedBranchStartsEqualTrainsApartAndStaysOutOfTheExport() throws Exception {
    byte[] onnx;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("models/ch_PP-OCRv4_det_infer.onnx")) {
      onnx = in.readAllBytes();
    }
    try (OnnxGraph graph = OnnxGraph.load(onnx, NDManager.newBaseManager());
        NDManager manager = NDManager.newBaseManager()) {
      String output = graph.outputNames().get(0);
      // The DB head of the export: Conv, BN, ReLU, ConvTranspose (+ bias), BN, ReLU, ...
      String headInput = "p2o.Concat.1";
      assertThat(graph.producerOp(output)).isEqualTo("Sigmoid");
      int weights = graph.parameters().size();
      byte[] exportedBefore = graph.export();

      String copy = graph.copyBranch(headInput, output, "copy/");

      assertThat(copy).isEqualTo("copy/" + output);
      // Nine weight tensors in the head, less its last bias: one value, so a constant here.
      assertThat(graph.parameters()).hasSize(weights + 8);
      NDArray x = manager.randomUniform(0, 1, new Shape(1, 3, 64, 64));
      String in = graph.inputNames().get(0);
      Map<String, NDArray> both = graph.forward(Map.of(in, x), List.of(output, copy));
      assertThat(both.get(copy).sub(both.get(output)).abs().max().getFloat()).isEqualTo(0f);
      // A copied weight is its own array: moving it moves the copy only.
      graph.parameters().get("copy/conv2d_159.w_0").addi(0.5f);
      Map<String, NDArray> apart = graph.forward(Map.of(in, x), List.of(output, copy));
      assertThat(apart.get(output).sub(both.get(output)).abs().max().getFloat()).isEqualTo(0f);
      assertThat(apart.get(copy).sub(both.get(copy)).abs().max().getFloat()).isGreaterThan(0f);
      assertThat(graph.export()).isEqualTo(exportedBefore);
      // The graph's input does not come from the head's input: not a branch of it.
      assertThatThrownBy(() -> graph.copyBranch(headInput, in, "other/"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not computed from 'p2o.Concat.1'");
    }
  }

  private static byte[] model(NodeProto.Builder node) {
    return ModelProto.newBuilder()
        .setIrVersion(7)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(12))
        .setGraph(
            GraphProto.newBuilder()
                .setName("tiny")
                .addInput(ValueInfoProto.newBuilder().setName("x"))
                .addInput(ValueInfoProto.newBuilder().setName("w"))
                .addOutput(ValueInfoProto.newBuilder().setName("y"))
                .addNode(node))
        .build()
        .toByteArray();
  }
}
