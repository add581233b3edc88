package io.platestream.models.serving;

import io.platestream.models.ModelSignature;
import io.platestream.models.artifact.ArtifactException;
import io.platestream.schemas.ModelVersion;
import io.platestream.schemas.TensorSpec;
import java.util.List;

/**
 * Whether a version can replace the serving one: its artifact's tensors must be what its record
 * says, with the same names and ranks as the stage's reference model (the bundled one), and a
 * recognizer's class count must match its dictionary (blank + labels).
 */
public final class SignatureCheck {
  private final ModelSignature reference;

  private SignatureCheck(ModelSignature reference) {
    this.reference = reference;
  }

  /** Versions must have the tensor names and ranks of {@code reference}. */
  public static SignatureCheck like(ModelSignature reference) {
    return new SignatureCheck(reference);
  }

  /**
   * @throws ArtifactException naming the first difference
   */
  public void verify(ModelVersion version, ModelSignature actual) {
    String what = version.getModelName() + " version " + version.getVersion();
    if (!same(actual.inputs(), version.getInputs())
        || !same(actual.outputs(), version.getOutputs())) {
      throw new ArtifactException(
          what + ": the artifact's tensors are not those its record declares");
    }
    compare(what, "input", reference.inputs(), actual.inputs());
    compare(what, "output", reference.outputs(), actual.outputs());
    List<String> dictionary = version.getDictionary();
    if (dictionary != null) {
      List<Long> shape = actual.outputs().get(0).getShape();
      long classes = shape.get(shape.size() - 1);
      if (classes != dictionary.size() + 1) {
        throw new ArtifactException(
            what
                + ": its output has "
                + classes
                + " classes, but its dictionary needs "
                + (dictionary.size() + 1)
                + " (blank + "
                + dictionary.size()
                + " labels)");
      }
    }
  }

  private static void compare(
      String what, String kind, List<TensorSpec> expected, List<TensorSpec> actual) {
    if (expected.size() != actual.size()) {
      throw new ArtifactException(
          what + ": " + actual.size() + " " + kind + "(s), the stage needs " + expected.size());
    }
    for (int i = 0; i < expected.size(); i++) {
      TensorSpec e = expected.get(i);
      TensorSpec a = actual.get(i);
      if (!e.getName().toString().equals(a.getName().toString())) {
        throw new ArtifactException(
            what
                + ": "
                + kind
                + " "
                + i
                + " is named '"
                + a.getName()
                + "', the stage needs '"
                + e.getName()
                + "'");
      }
      if (e.getShape().size() != a.getShape().size()) {
        throw new ArtifactException(
            what
                + ": "
                + kind
                + " '"
                + a.getName()
                + "' has rank "
                + a.getShape().size()
                + ", the stage needs "
                + e.getShape().size());
      }
    }
  }

  private static boolean same(List<TensorSpec> a, List<TensorSpec> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).getName().toString().equals(b.get(i).getName().toString())
          || !a.get(i).getShape().equals(b.get(i).getShape())) {
        return false;
      }
    }
    return true;
  }
}
