package io.platestream.datasets.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The scenes of a synthetic dataset's {@code scenes.jsonl}, one JSON object per line. */
final class SceneManifest {
  /** One scene and the manifest line it came from, for errors that point at it. */
  record Scene(JsonNode json, int lineNumber, Path manifest) {
    IOException error(String problem) {
      return new IOException(manifest + " line " + lineNumber + ": " + problem);
    }
  }

  private SceneManifest() {}

  /**
   * Reads {@code scenes.jsonl} under {@code dataset}; {@code neededFor} says in the error what a
   * missing manifest stops.
   */
  static List<Scene> read(Path dataset, String neededFor) throws IOException {
    Path manifest = dataset.resolve("scenes.jsonl");
    if (!Files.isRegularFile(manifest)) {
      throw new IOException(
          manifest + " not found: " + neededFor + " needs a dataset written by 'dataset synth'");
    }
    ObjectMapper json = new ObjectMapper();
    List<Scene> scenes = new ArrayList<>();
    int lineNumber = 0;
    for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
      lineNumber++;
      if (line.isBlank()) continue;
      try {
        scenes.add(new Scene(json.readTree(line), lineNumber, manifest));
      } catch (JsonProcessingException e) {
        throw new IOException(
            manifest + " line " + lineNumber + ": not JSON (" + e.getOriginalMessage() + ")", e);
      }
    }
    return scenes;
  }
}
