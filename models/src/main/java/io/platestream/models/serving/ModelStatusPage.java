package io.platestream.models.serving;

import io.platestream.schemas.ModelRef;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model part of a stage's status page: the version serving, the shadow version if any, versions
 * refused, and versions demoted because their inferences kept failing.
 */
public final class ModelStatusPage {
  private ModelStatusPage() {}

  public static Map<String, Object> of(ModelFollower<?> production, ModelFollower<?> shadow) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("name", production.holder().current().getName());
    model.put("version", production.holder().current().getVersion());
    model.put("rejected", production.rejected());
    model.put("demoted", production.demoted());
    ModelRef shadowing = shadow.holder().current();
    model.put("shadowVersion", shadowing == null ? null : shadowing.getVersion());
    model.put("shadowRejected", shadow.rejected());
    return Map.of("model", model);
  }
}
