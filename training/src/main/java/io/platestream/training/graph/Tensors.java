package io.platestream.training.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** ONNX tensors to DJL arrays and back (raw little-endian data, or the typed fields). */
final class Tensors {
  static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
  static final int INT32 = TensorProto.DataType.INT32_VALUE;
  static final int INT64 = TensorProto.DataType.INT64_VALUE;

  private Tensors() {}

  static NDArray toArray(TensorProto tensor, NDManager manager, String where) {
    Shape shape = new Shape(tensor.getDimsList().stream().mapToLong(Long::longValue).toArray());
    ByteBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    boolean hasRaw = tensor.getRawData().size() > 0;
    switch (tensor.getDataType()) {
      case FLOAT -> {
        float[] values = new float[(int) shape.size()];
        if (hasRaw) {
          raw.asFloatBuffer().get(values);
        } else {
          for (int i = 0; i < values.length; i++) {
            values[i] = tensor.getFloatData(i);
          }
        }
        return manager.create(values, shape);
      }
      case INT64 -> {
        long[] values = new long[(int) shape.size()];
        if (hasRaw) {
          raw.asLongBuffer().get(values);
        } else {
          for (int i = 0; i < values.length; i++) {
            values[i] = tensor.getInt64Data(i);
          }
        }
        return manager.create(values, shape);
      }
      case INT32 -> {
        int[] values = new int[(int) shape.size()];
        if (hasRaw) {
          raw.asIntBuffer().get(values);
        } else {
          for (int i = 0; i < values.length; i++) {
            values[i] = tensor.getInt32Data(i);
          }
        }
        return manager.create(values, shape);
      }
      default ->
          throw new UnsupportedOnnxException(
              where + ": tensor element type " + tensor.getDataType() + " is not supported");
    }
  }

  /** The ONNX element type {@code to} of a {@code Cast}, as a DJL type. */
  static DataType dataType(long to, String where) {
    if (to == FLOAT) {
      return DataType.FLOAT32;
    }
    if (to == INT32) {
      return DataType.INT32;
    }
    if (to == INT64) {
      return DataType.INT64;
    }
    throw new UnsupportedOnnxException(
        where + ": cast to element type " + to + " is not supported");
  }

  /** Replaces a float tensor's values, as little-endian raw data (the typed field cleared). */
  static void writeFloats(TensorProto.Builder tensor, NDArray values) {
    float[] data = values.toFloatArray();
    ByteBuffer bytes = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(data);
    tensor.clearFloatData();
    tensor.setRawData(com.google.protobuf.ByteString.copyFrom(bytes.array()));
  }

  static long[] longs(NDArray array) {
    return array.toType(DataType.INT64, false).toLongArray();
  }
}
