package io.platestream.datasets.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SceneManifestTest {

  @Test
  void readsOneSceneALineSkippingBlankLinesAndKeepsLineNumbers(@TempDir Path dir)
      throws IOException {
    Files.writeString(
        dir.resolve("scenes.jsonl"),
        "{\"image\":\"images/0.jpg\"}\n\n{\"image\":\"images/1.jpg\"}\n");

    List<SceneManifest.Scene> scenes = SceneManifest.read(dir, "slicing");

    assertThat(scenes)
        .extracting(s -> s.json().path("image").asText())
        .containsExactly("images/0.jpg", "images/1.jpg");
    assertThat(scenes).extracting(SceneManifest.Scene::lineNumber).containsExactly(1, 3);
    assertThat(scenes.get(1).error("bad plate"))
        .hasMessageEndingWith("scenes.jsonl line 3: bad plate");
  }

  @Test
  void aBrokenLineIsNamedAndAMissingManifestSaysWhatItStops(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> SceneManifest.read(dir, "legibility"))
        .hasMessageContaining("scenes.jsonl not found: legibility needs a dataset written by");

    Files.writeString(dir.resolve("scenes.jsonl"), "{\"image\":\"images/0.jpg\"}\n{\"image\":\n");

    assertThatThrownBy(() -> SceneManifest.read(dir, "legibility"))
        .hasMessageContaining("scenes.jsonl line 2: not JSON");
  }
}
