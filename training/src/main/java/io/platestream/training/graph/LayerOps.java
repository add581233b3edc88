package io.platestream.training.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Convolutions, normalisation, pooling, softmax and resizing, 2-D (NCHW) as the PP-OCR models use.
 */
final class LayerOps {
  private static final Set<String> CONV =
      Set.of("dilations", "group", "kernel_shape", "pads", "strides", "auto_pad");

  private LayerOps() {}

  static void register(Map<String, Op> ops) {
    ops.put("Conv", checked(CONV, LayerOps::checkPads, LayerOps::conv));
    ops.put(
        "ConvTranspose",
        checked(
            Set.of("dilations", "group", "kernel_shape", "pads", "strides", "auto_pad"),
            node -> {
              checkPads(node);
              if (node.i("group", 1) != 1) {
                throw new UnsupportedOnnxException(
                    node + ": grouped ConvTranspose is not supported");
              }
              if (Arrays.stream(node.ints("dilations", new long[] {1, 1})).anyMatch(d -> d != 1)) {
                throw new UnsupportedOnnxException(
                    node + ": dilated ConvTranspose is not supported");
              }
            },
            LayerOps::convTranspose));
    // Inference form: running statistics, as exported; momentum only matters when training them.
    ops.put(
        "BatchNormalization",
        Op.of(
            Set.of("epsilon", "momentum"),
            (n, in) ->
                BatchNorm.batchNorm(
                        in[0],
                        in[3],
                        in[4],
                        in[1],
                        in[2],
                        1,
                        n.f("momentum", 0.9f),
                        n.f("epsilon", 1e-5f),
                        false)
                    .singletonOrThrow()));
    ops.put(
        "AveragePool",
        checked(
            Set.of("kernel_shape", "strides", "pads", "ceil_mode", "count_include_pad", "auto_pad"),
            LayerOps::checkPads,
            (n, in) ->
                Pool.avgPool2d(
                    in[0],
                    new Shape(n.ints("kernel_shape", null)),
                    new Shape(n.ints("strides", new long[] {1, 1})),
                    new Shape(symmetricPads(n)),
                    n.i("ceil_mode", 0) == 1,
                    n.i("count_include_pad", 0) == 1)));
    ops.put("GlobalAveragePool", Op.of(Set.of(), (n, in) -> mean(in[0], new int[] {2, 3}, true)));
    ops.put(
        "ReduceMean",
        Op.of(
            Set.of("axes", "keepdims"),
            (n, in) -> {
              int rank = in[0].getShape().dimension();
              long[] axes = n.ints("axes", null);
              int[] resolved =
                  axes == null
                      ? java.util.stream.IntStream.range(0, rank).toArray()
                      : Arrays.stream(axes).mapToInt(a -> (int) (a < 0 ? a + rank : a)).toArray();
              return mean(in[0], resolved, n.i("keepdims", 1) == 1);
            }));
    ops.put("Softmax", Op.of(Set.of("axis"), LayerOps::softmax));
    ops.put(
        "Resize",
        checked(
            Set.of(
                "coordinate_transformation_mode",
                "mode",
                "nearest_mode",
                "cubic_coeff_a",
                "exclude_outside",
                "extrapolation_value"),
            node -> {
              if (!node.s("mode", "nearest").equals("nearest")) {
                throw new UnsupportedOnnxException(node + ": only nearest resizing is supported");
              }
            },
            LayerOps::resize));
  }

  /** The mean over several axes, one at a time (DJL's PyTorch engine takes one per call). */
  private static NDArray mean(NDArray x, int[] axes, boolean keepDims) {
    int[] descending =
        Arrays.stream(axes).boxed().sorted((a, b) -> b - a).mapToInt(i -> i).toArray();
    NDArray out = x;
    for (int axis : descending) {
      out = out.mean(new int[] {axis}, keepDims);
    }
    return out;
  }

  private static Op checked(
      Set<String> attributes, java.util.function.Consumer<Node> check, Op.Body body) {
    Op plain = Op.of(attributes, body);
    return new Op() {
      @Override
      public Set<String> attributes() {
        return attributes;
      }

      @Override
      public void check(Node node) {
        if (!node.s("auto_pad", "NOTSET").equals("NOTSET")) {
          throw new UnsupportedOnnxException(
              node + ": auto_pad is not supported, only explicit pads");
        }
        check.accept(node);
      }

      @Override
      public NDArray[] apply(Node node, NDArray[] inputs) {
        return plain.apply(node, inputs);
      }
    };
  }

  /** Begin and end pads must be equal per axis (PaddleOCR's exports: they are). */
  private static void checkPads(Node node) {
    long[] pads = node.ints("pads", new long[] {0, 0, 0, 0});
    if (pads.length != 4 || pads[0] != pads[2] || pads[1] != pads[3]) {
      throw new UnsupportedOnnxException(
          node + ": pads " + Arrays.toString(pads) + " are not 2-D and symmetric");
    }
  }

  private static long[] symmetricPads(Node node) {
    long[] pads = node.ints("pads", new long[] {0, 0, 0, 0});
    return new long[] {pads[0], pads[1]};
  }

  private static NDArray conv(Node n, NDArray[] in) {
    return Conv2d.conv2d(
            in[0],
            in[1],
            in.length > 2 ? in[2] : null,
            new Shape(n.ints("strides", new long[] {1, 1})),
            new Shape(symmetricPads(n)),
            new Shape(n.ints("dilations", new long[] {1, 1})),
            (int) n.i("group", 1))
        .singletonOrThrow();
  }

  /**
   * A transposed convolution as a plain one (PyTorch's own is not reachable through DJL): insert
   * stride - 1 zeros between input pixels, pad by kernel - 1 - pad, and convolve with the kernel
   * flipped and its in/out channels swapped.
   */
  private static NDArray convTranspose(Node n, NDArray[] in) {
    long[] strides = n.ints("strides", new long[] {1, 1});
    long[] kernel =
        n.ints("kernel_shape", new long[] {in[1].getShape().get(2), in[1].getShape().get(3)});
    long[] pads = symmetricPads(n);
    NDArray spread = insertZeros(insertZeros(in[0], 2, strides[0]), 3, strides[1]);
    // Temporaries go to the activation's manager, not the weight's, so that a training step
    // frees them with everything else it made.
    NDArray swapped = in[1].transpose(1, 0, 2, 3);
    swapped.attach(in[0].getManager());
    NDArray weight = swapped.flip(2, 3);
    return Conv2d.conv2d(
            spread,
            weight,
            in.length > 2 ? in[2] : null,
            new Shape(1, 1),
            new Shape(kernel[0] - 1 - pads[0], kernel[1] - 1 - pads[1]),
            new Shape(1, 1),
            1)
        .singletonOrThrow();
  }

  /** stride - 1 zeros after each element along {@code axis} but the last (differentiably). */
  private static NDArray insertZeros(NDArray x, int axis, long stride) {
    if (stride == 1) {
      return x;
    }
    NDList parts = new NDList(x);
    for (int i = 1; i < stride; i++) {
      parts.add(x.zerosLike());
    }
    NDArray interleaved = NDArrays.stack(parts, axis + 1);
    long[] dims = x.getShape().getShape().clone();
    dims[axis] *= stride;
    NDArray merged = interleaved.reshape(new Shape(dims));
    String[] range = new String[dims.length];
    Arrays.fill(range, ":");
    range[axis] = ":" + (dims[axis] - stride + 1);
    return merged.get(new NDIndex(String.join(",", range)));
  }

  /**
   * Opset < 13: the input is seen as 2-D, [dims before axis, dims from axis on], normalised per
   * row.
   */
  private static NDArray softmax(Node n, NDArray[] in) {
    Shape shape = in[0].getShape();
    int rank = shape.dimension();
    long axisAttribute = n.i("axis", 1);
    int axis = (int) (axisAttribute < 0 ? axisAttribute + rank : axisAttribute);
    long rows = 1;
    for (int i = 0; i < axis; i++) {
      rows *= shape.get(i);
    }
    return in[0].reshape(rows, -1).softmax(1).reshape(shape);
  }

  /**
   * Nearest resizing by whole factors (the FPN's 2x): each pixel repeated, exactly as ONNX Runtime.
   */
  private static NDArray resize(Node n, NDArray[] in) {
    Shape shape = in[0].getShape();
    long[] factors = new long[shape.dimension()];
    if (in.length > 2 && in[2] != null && in[2].size() > 0) {
      float[] scales = in[2].toFloatArray();
      for (int i = 0; i < factors.length; i++) {
        factors[i] = Math.round(scales[i]);
        if (Math.abs(scales[i] - factors[i]) > 1e-6 || factors[i] < 1) {
          throw new UnsupportedOnnxException(n + ": scale " + scales[i] + " is not a whole factor");
        }
      }
    } else {
      long[] sizes = Tensors.longs(in[3]);
      for (int i = 0; i < factors.length; i++) {
        if (sizes[i] % shape.get(i) != 0) {
          throw new UnsupportedOnnxException(n + ": size " + sizes[i] + " is not a whole multiple");
        }
        factors[i] = sizes[i] / shape.get(i);
      }
    }
    NDArray out = in[0];
    for (int axis = 0; axis < factors.length; axis++) {
      if (factors[axis] != 1) {
        out = out.repeat(axis, factors[axis]);
      }
    }
    return out;
  }
}
