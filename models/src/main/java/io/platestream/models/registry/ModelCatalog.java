package io.platestream.models.registry;

import io.platestream.models.ModelSignature;
import io.platestream.models.artifact.ArtifactStore;
import io.platestream.models.artifact.Sha256;
import io.platestream.schemas.ModelStatus;
import io.platestream.schemas.ModelVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What operators do with models: publish an artifact as a new version, promote one to production
 * (the one it replaces becomes a candidate again), run one in shadow beside production, roll back,
 * retire. Each change is a new record of that version on the registry topic.
 */
public final class ModelCatalog {
  private final ModelRegistry registry;
  private final ArtifactStore store;

  public ModelCatalog(ModelRegistry registry, ArtifactStore store) {
    this.registry = registry;
    this.store = store;
  }

  /**
   * Stores the artifact and publishes it as the next version, {@code CANDIDATE}. The model must
   * open in ONNX Runtime; its signature is recorded.
   *
   * @param dictionary recognizer class labels, or {@code null} for a detector
   */
  public ModelVersion publish(
      String modelName,
      byte[] onnx,
      List<String> dictionary,
      Map<String, Double> metrics,
      Integer parentVersion,
      String reason) {
    return publish(modelName, onnx, dictionary, metrics, Map.of(), parentVersion, reason);
  }

  /** The same, recording the training settings that produced the model. */
  public ModelVersion publish(
      String modelName,
      byte[] onnx,
      List<String> dictionary,
      Map<String, Double> metrics,
      Map<String, String> trainingConfig,
      Integer parentVersion,
      String reason) {
    ModelSignature signature = ModelSignature.of(onnx);
    String location = store.put(onnx);
    ModelVersion version =
        publishAt(
            modelName,
            location,
            onnx,
            signature,
            dictionary,
            metrics,
            parentVersion,
            ModelStatus.CANDIDATE,
            reason);
    if (trainingConfig.isEmpty()) {
      return version;
    }
    ModelVersion withConfig =
        ModelVersion.newBuilder(version).setTrainingConfig(Map.copyOf(trainingConfig)).build();
    registry.publish(withConfig);
    return withConfig;
  }

  /** Publishes an artifact already at {@code location} (the bundled models on the classpath). */
  ModelVersion publishAt(
      String modelName,
      String location,
      byte[] onnx,
      ModelSignature signature,
      List<String> dictionary,
      Map<String, Double> metrics,
      Integer parentVersion,
      ModelStatus status,
      String reason) {
    ModelVersion version =
        ModelVersion.newBuilder()
            .setModelName(modelName)
            .setVersion(registry.nextVersion(modelName))
            .setStatus(status)
            .setSha256(Sha256.hex(onnx))
            .setArtifactUri(location)
            .setSizeBytes(onnx.length)
            .setInputs(signature.inputs())
            .setOutputs(signature.outputs())
            .setDictionary(dictionary == null ? null : List.copyOf(dictionary))
            .setMetrics(Map.copyOf(metrics))
            .setTrainingConfig(Map.of())
            .setParentVersion(parentVersion)
            .setCreatedTimeMs(System.currentTimeMillis())
            .setStatusReason(reason)
            .build();
    registry.publish(version);
    return version;
  }

  /** Makes {@code version} the production one; the version it replaces becomes a candidate. */
  public ModelVersion promote(String modelName, int version, String reason) {
    ModelVersion target = existing(modelName, version);
    if (target.getStatus() == ModelStatus.RETIRED) {
      throw new IllegalArgumentException(
          modelName + " version " + version + " is retired; publish it again to use it");
    }
    Optional<ModelVersion> current = registry.production(modelName);
    ModelVersion promoted = withStatus(target, ModelStatus.PRODUCTION, reason);
    registry.publish(promoted);
    current
        .filter(c -> c.getVersion() != version)
        .ifPresent(
            c ->
                registry.publish(
                    withStatus(c, ModelStatus.CANDIDATE, "replaced by version " + version)));
    return promoted;
  }

  /**
   * Runs {@code version} in shadow: stages run it beside production on a share of their inputs and
   * publish how the two compare. One shadow at a time: the previous one becomes a candidate again.
   */
  public ModelVersion shadow(String modelName, int version, String reason) {
    ModelVersion target = existing(modelName, version);
    if (target.getStatus() != ModelStatus.CANDIDATE && target.getStatus() != ModelStatus.SHADOW) {
      throw new IllegalArgumentException(
          modelName
              + " version "
              + version
              + " is "
              + target.getStatus()
              + "; only a candidate can run in shadow");
    }
    Optional<ModelVersion> current = registry.shadow(modelName);
    ModelVersion shadowed = withStatus(target, ModelStatus.SHADOW, reason);
    registry.publish(shadowed);
    current
        .filter(c -> c.getVersion() != version)
        .ifPresent(
            c ->
                registry.publish(
                    withStatus(c, ModelStatus.CANDIDATE, "shadow replaced by version " + version)));
    return shadowed;
  }

  /**
   * Puts the previous version back into production: the highest version below the current one that
   * is not retired.
   */
  public ModelVersion rollback(String modelName, String reason) {
    ModelVersion current =
        registry
            .production(modelName)
            .orElseThrow(() -> new IllegalStateException(modelName + " has no production version"));
    ModelVersion previous =
        registry.versions(modelName).stream()
            .filter(v -> v.getVersion() < current.getVersion())
            .filter(v -> v.getStatus() != ModelStatus.RETIRED)
            .reduce((a, b) -> b)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        modelName
                            + " has no earlier version to roll back to from "
                            + current.getVersion()));
    return promote(modelName, previous.getVersion(), reason);
  }

  /** Takes a version out of use for good; the production version cannot be retired. */
  public ModelVersion retire(String modelName, int version, String reason) {
    ModelVersion target = existing(modelName, version);
    if (target.getStatus() == ModelStatus.PRODUCTION) {
      throw new IllegalArgumentException(
          modelName + " version " + version + " is in production: promote another version first");
    }
    ModelVersion retired = withStatus(target, ModelStatus.RETIRED, reason);
    registry.publish(retired);
    return retired;
  }

  private ModelVersion existing(String modelName, int version) {
    return registry
        .version(modelName, version)
        .orElseThrow(() -> new IllegalArgumentException(modelName + " has no version " + version));
  }

  private static ModelVersion withStatus(ModelVersion version, ModelStatus status, String reason) {
    return ModelVersion.newBuilder(version).setStatus(status).setStatusReason(reason).build();
  }
}
