package io.platestream.sink.models;

import io.platestream.schemas.ModelStatus;
import io.platestream.schemas.ModelVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model registry as operators see it on the dashboard: per model, the production version and
 * the newest others (candidates, shadow, retired) with the metrics each was judged by and why it
 * has its status (the quality gate's before/after, the shadow's agreement), fed from the registry's
 * compacted topic.
 */
public final class ModelBoard {
  /** Versions shown per model besides production. */
  public static final int RECENT = 5;

  private final Map<String, ModelVersion> versions = new ConcurrentHashMap<>();

  /** A version as the registry now holds it (a later record of the same version replaces it). */
  public void update(ModelVersion version) {
    versions.put(version.getModelName() + "/" + version.getVersion(), version);
  }

  /** Each model: its production version, then its newest {@link #RECENT} other versions. */
  public List<Map<String, Object>> view() {
    Map<String, List<ModelVersion>> byModel = new TreeMap<>();
    versions
        .values()
        .forEach(
            v ->
                byModel
                    .computeIfAbsent(v.getModelName().toString(), n -> new ArrayList<>())
                    .add(v));
    List<Map<String, Object>> models = new ArrayList<>();
    byModel.forEach(
        (name, all) -> {
          all.sort(Comparator.comparingInt(ModelVersion::getVersion).reversed());
          Map<String, Object> model = new LinkedHashMap<>();
          model.put("name", name);
          model.put(
              "production",
              all.stream()
                  .filter(v -> v.getStatus() == ModelStatus.PRODUCTION)
                  .findFirst()
                  .map(ModelBoard::row)
                  .orElse(null));
          model.put(
              "recent",
              all.stream()
                  .filter(v -> v.getStatus() != ModelStatus.PRODUCTION)
                  .limit(RECENT)
                  .map(ModelBoard::row)
                  .toList());
          models.add(model);
        });
    return models;
  }

  private static Map<String, Object> row(ModelVersion version) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("version", version.getVersion());
    row.put("status", version.getStatus().name());
    row.put("parentVersion", version.getParentVersion());
    Map<String, Double> metrics = new TreeMap<>();
    version.getMetrics().forEach((metric, value) -> metrics.put(metric.toString(), value));
    row.put("metrics", metrics);
    row.put("statusReason", version.getStatusReason().toString());
    row.put("createdTimeMs", version.getCreatedTimeMs());
    return row;
  }
}
