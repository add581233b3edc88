package io.platestream.sink.web;

import io.platestream.sink.models.ModelBoard;
import java.util.List;
import java.util.Map;

/** The API's route over the model registry: what serves, and how the newest versions fared. */
public final class ModelRoutes {
  private ModelRoutes() {}

  public static List<ApiRoute> of(ModelBoard board) {
    return List.of(
        ApiRoute.get(
            "/api/models",
            "each model's production version and newest others, with their metrics and the"
                + " reason for their status (quality gate, shadow, retrain loop)",
            List.of(),
            (query, ctx) -> Map.of("models", board.view())));
  }
}
