package io.platestream.training.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/** Ops that move data around or compute with shapes: Reshape, Transpose, Slice, Concat, ... */
final class ShapeOps {
  private ShapeOps() {}

  static void register(Map<String, Op> ops) {
    ops.put(
        "Shape",
        Op.of(Set.of(), (n, in) -> in[0].getManager().create(in[0].getShape().getShape())));
    ops.put(
        "Cast",
        Op.of(
            Set.of("to"),
            (n, in) -> in[0].toType(Tensors.dataType(n.i("to", -1), n.toString()), false)));
    ops.put(
        "Reshape",
        Op.of(
            Set.of(), (n, in) -> in[0].reshape(reshaped(in[0].getShape(), Tensors.longs(in[1])))));
    ops.put(
        "Transpose",
        Op.of(
            Set.of("perm"),
            (n, in) -> {
              int rank = in[0].getShape().dimension();
              long[] perm = n.ints("perm", null);
              int[] axes = new int[rank];
              for (int i = 0; i < rank; i++) {
                axes[i] = perm == null ? rank - 1 - i : (int) perm[i];
              }
              return in[0].transpose(axes);
            }));
    ops.put(
        "Squeeze",
        Op.of(
            Set.of("axes"),
            (n, in) -> {
              long[] axes = n.ints("axes", null);
              if (axes == null) {
                return in[0].squeeze();
              }
              int rank = in[0].getShape().dimension();
              return in[0].squeeze(
                  Arrays.stream(axes).mapToInt(a -> (int) (a < 0 ? a + rank : a)).toArray());
            }));
    ops.put(
        "Concat",
        Op.of(
            Set.of("axis"),
            (n, in) -> {
              int rank = in[0].getShape().dimension();
              long axis = n.i("axis", 0);
              return NDArrays.concat(new NDList(in), (int) (axis < 0 ? axis + rank : axis));
            }));
    ops.put("Slice", Op.of(Set.of(), (n, in) -> slice(in)));
  }

  /** ONNX Reshape: 0 copies the input's dimension, -1 is inferred. */
  private static Shape reshaped(Shape input, long[] target) {
    long[] dims = target.clone();
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] == 0) {
        dims[i] = input.get(i);
      }
    }
    return new Shape(dims);
  }

  /** Opset-10+ Slice: starts, ends, optional axes and steps as inputs; ends past the end clamp. */
  private static NDArray slice(NDArray[] in) {
    NDArray data = in[0];
    long[] starts = Tensors.longs(in[1]);
    long[] ends = Tensors.longs(in[2]);
    int rank = data.getShape().dimension();
    long[] axes = in.length > 3 && in[3] != null ? Tensors.longs(in[3]) : null;
    long[] steps = in.length > 4 && in[4] != null ? Tensors.longs(in[4]) : null;
    String[] ranges = new String[rank];
    Arrays.fill(ranges, ":");
    for (int i = 0; i < starts.length; i++) {
      int axis = (int) (axes == null ? i : axes[i] < 0 ? axes[i] + rank : axes[i]);
      long size = data.getShape().get(axis);
      long step = steps == null ? 1 : steps[i];
      if (step != 1) {
        throw new UnsupportedOnnxException("Slice with step " + step + " is not supported");
      }
      long start = clamp(starts[i] < 0 ? starts[i] + size : starts[i], size);
      long end = clamp(ends[i] < 0 ? ends[i] + size : ends[i], size);
      ranges[axis] = start + ":" + Math.max(start, end);
    }
    return data.get(new NDIndex(String.join(",", ranges)));
  }

  private static long clamp(long index, long size) {
    return Math.max(0, Math.min(size, index));
  }
}
