package io.platestream.training.graph;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One ONNX node as the interpreter sees it: its op, inputs, outputs and attributes. */
record Node(
    String name,
    String op,
    List<String> inputs,
    List<String> outputs,
    Map<String, AttributeProto> attributes) {

  static Node of(NodeProto proto, int index) {
    Map<String, AttributeProto> attributes = new HashMap<>();
    proto.getAttributeList().forEach(a -> attributes.put(a.getName(), a));
    String name = proto.getName().isEmpty() ? proto.getOpType() + "#" + index : proto.getName();
    return new Node(
        name, proto.getOpType(), proto.getInputList(), proto.getOutputList(), attributes);
  }

  long i(String attribute, long fallback) {
    AttributeProto a = attributes.get(attribute);
    return a == null ? fallback : a.getI();
  }

  float f(String attribute, float fallback) {
    AttributeProto a = attributes.get(attribute);
    return a == null ? fallback : a.getF();
  }

  long[] ints(String attribute, long[] fallback) {
    AttributeProto a = attributes.get(attribute);
    return a == null ? fallback : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
  }

  String s(String attribute, String fallback) {
    AttributeProto a = attributes.get(attribute);
    return a == null ? fallback : a.getS().toStringUtf8();
  }

  /** The node's {@code index}-th input name, or null when it is absent or left empty. */
  String input(int index) {
    return index < inputs.size() && !inputs.get(index).isEmpty() ? inputs.get(index) : null;
  }

  @Override
  public String toString() {
    return op + " node '" + name + "'";
  }
}
