package io.platestream.app;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.platestream.models.artifact.ClasspathArtifacts;
import io.platestream.recognizer.inference.CharacterDictionary;
import io.platestream.recognizer.inference.OnnxRecognizerModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Set;

/**
 * The bundled recognizer made deliberately weak in one place, for tests of the labels loop: the
 * classifier's column for {@code into} gets {@code share} of the column for {@code from} added, so
 * a glyph the model read as {@code from} now scores higher as {@code into} and is misread with
 * confidence (7 read as 1, say), while the rest of the network is untouched. Fine-tuning on
 * corrected labels can undo it: the classifier's two columns only need to drift apart again.
 */
final class WeakRecognizer {
  /** PP-OCRv4's classifier: logits = features x weights + bias, 6625 classes (blank first). */
  private static final Set<String> CLASSIFIER = Set.of("linear_85.w_0", "linear_85.b_0");

  private static final int CLASSES = 6625;

  private WeakRecognizer() {}

  static byte[] confusing(String from, String into, double share) throws Exception {
    CharacterDictionary dictionary = CharacterDictionary.ppocrKeysV1();
    int source = dictionary.encode(from)[0];
    int target = dictionary.encode(into)[0];
    ModelProto model =
        ModelProto.parseFrom(ClasspathArtifacts.read(OnnxRecognizerModel.PRETRAINED_V4));
    GraphProto.Builder graph = model.getGraph().toBuilder();
    int edited = 0;
    for (int i = 0; i < graph.getNodeCount(); i++) {
      NodeProto node = graph.getNode(i);
      if (!node.getOpType().equals("Constant") || !CLASSIFIER.contains(node.getOutput(0))) {
        continue;
      }
      TensorProto tensor = node.getAttribute(0).getT();
      float[] values = floats(tensor);
      for (int row = 0; row < values.length / CLASSES; row++) {
        values[row * CLASSES + target] += (float) (share * values[row * CLASSES + source]);
      }
      TensorProto weakened = tensor.toBuilder().setRawData(bytes(values)).build();
      graph.setNode(
          i,
          node.toBuilder()
              .setAttribute(0, node.getAttribute(0).toBuilder().setT(weakened))
              .build());
      edited++;
    }
    if (edited != CLASSIFIER.size()) {
      throw new IllegalStateException("the recognizer's classifier was not found: " + edited);
    }
    return model.toBuilder().setGraph(graph).build().toByteArray();
  }

  private static float[] floats(TensorProto tensor) {
    FloatBuffer raw =
        tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] values = new float[raw.remaining()];
    raw.get(values);
    return values;
  }

  private static ByteString bytes(float[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    return ByteString.copyFrom(buffer.array());
  }
}
