package io.platestream.training.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import java.util.Map;
import java.util.Set;

/** Arithmetic with ONNX (numpy) broadcasting, and the activations. */
final class ElementwiseOps {
  private ElementwiseOps() {}

  static void register(Map<String, Op> ops) {
    ops.put("Add", Op.of(Set.of(), (n, in) -> in[0].add(in[1])));
    ops.put("Sub", Op.of(Set.of(), (n, in) -> in[0].sub(in[1])));
    ops.put("Mul", Op.of(Set.of(), (n, in) -> in[0].mul(in[1])));
    ops.put("Div", Op.of(Set.of(), (n, in) -> divide(in[0], in[1])));
    ops.put("Pow", Op.of(Set.of(), (n, in) -> in[0].pow(in[1])));
    ops.put("Sqrt", Op.of(Set.of(), (n, in) -> in[0].sqrt()));
    ops.put("Relu", Op.of(Set.of(), (n, in) -> Activation.relu(in[0])));
    ops.put("Sigmoid", Op.of(Set.of(), (n, in) -> Activation.sigmoid(in[0])));
    ops.put("Identity", Op.of(Set.of(), (n, in) -> in[0]));
    ops.put(
        "HardSigmoid",
        Op.of(
            Set.of("alpha", "beta"),
            (n, in) -> Scalars.times(in[0], n.f("alpha", 0.2f)).add(n.f("beta", 0.5f)).clip(0, 1)));
    // Opset 11+: the bounds are optional inputs.
    ops.put(
        "Clip",
        Op.of(
            Set.of(),
            (n, in) ->
                in[0].clip(
                    in[1] == null ? -Float.MAX_VALUE : in[1].getFloat(),
                    in[2] == null ? Float.MAX_VALUE : in[2].getFloat())));
    ops.put("MatMul", Op.of(Set.of(), (n, in) -> in[0].matMul(in[1])));
  }

  /** Integer division truncates in ONNX (shape arithmetic); PyTorch's would give floats. */
  private static NDArray divide(NDArray a, NDArray b) {
    if (a.getDataType().isInteger() && b.getDataType().isInteger()) {
      return a.toType(DataType.FLOAT64, false)
          .div(b.toType(DataType.FLOAT64, false))
          .floor()
          .toType(a.getDataType(), false);
    }
    return a.div(b);
  }
}
