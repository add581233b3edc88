package io.platestream.datasets.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.platestream.datasets.paddle.DetectionLabel;
import io.platestream.datasets.paddle.TextRegion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which plates of a synthetic dataset a person could read, from the {@code legible} flags of its
 * {@code scenes.jsonl}. Detection is scored on every plate; reading is only fair on readable ones,
 * so end-to-end scores can also be given with the rest as "do not care", as PaddleOCR's {@code
 * ###}.
 */
public final class ReadablePlates {
  private final Map<String, List<Boolean>> legibleByImage;

  private ReadablePlates(Map<String, List<Boolean>> legibleByImage) {
    this.legibleByImage = legibleByImage;
  }

  /** Reads {@code scenes.jsonl} under the dataset folder; plates without the flag are readable. */
  public static ReadablePlates read(Path dataset) throws IOException {
    Map<String, List<Boolean>> legible = new HashMap<>();
    for (SceneManifest.Scene scene : SceneManifest.read(dataset, "legibility")) {
      List<Boolean> flags = new ArrayList<>();
      for (JsonNode plate : scene.json().path("plates")) {
        flags.add(plate.path("legible").asBoolean(true));
      }
      legible.put(scene.json().path("image").asText(), flags);
    }
    return new ReadablePlates(legible);
  }

  /** The labels with every unreadable plate's text replaced by "do not care". */
  public List<DetectionLabel> unreadableAsDoNotCare(List<DetectionLabel> labels) {
    List<DetectionLabel> out = new ArrayList<>(labels.size());
    for (DetectionLabel label : labels) {
      List<Boolean> flags = legibleByImage.getOrDefault(label.imagePath(), List.of());
      List<TextRegion> regions = new ArrayList<>(label.regions().size());
      for (int k = 0; k < label.regions().size(); k++) {
        TextRegion region = label.regions().get(k);
        boolean legible = k >= flags.size() || flags.get(k);
        regions.add(legible ? region : region.asDoNotCare());
      }
      out.add(new DetectionLabel(label.imagePath(), regions));
    }
    return out;
  }
}
