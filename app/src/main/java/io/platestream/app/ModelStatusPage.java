package io.platestream.app;

import io.platestream.models.serving.ModelFollower;
import java.util.LinkedHashMap;
import java.util.Map;

/** The model part of a stage's status page: the version serving, and versions refused. */
final class ModelStatusPage {
  private ModelStatusPage() {}

  static Map<String, Object> of(ModelFollower<?> follower) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("name", follower.holder().current().getName().toString());
    model.put("version", follower.holder().current().getVersion());
    model.put("rejected", follower.rejected());
    return Map.of("model", model);
  }
}
