package io.platestream.datasets.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The demo's sample camera: a rendered traffic clip with its ground truth, made once. */
public final class SampleClip {
  private SampleClip() {}

  /** The clip under {@code dir}, rendered first if it is not there yet. */
  public static Path ensure(Path dir, int passes, PrintWriter out) throws IOException {
    return ensure(dir, passes, 1280, 720, out);
  }

  /** The same at another frame size (the benchmarks' 1080p cameras). */
  public static Path ensure(Path dir, int passes, int width, int height, PrintWriter out)
      throws IOException {
    String name =
        width == 1280 && height == 720
            ? "sample-" + passes + ".mp4"
            : "sample-" + passes + "-" + width + "x" + height + ".mp4";
    Path mp4 = dir.resolve(name).toAbsolutePath();
    if (Files.exists(mp4) && Files.exists(passesFile(mp4))) {
      return mp4;
    }
    out.printf("Rendering a sample traffic clip (%d vehicles) into %s ...%n", passes, mp4);
    out.flush();
    Files.createDirectories(dir);
    TrafficClipRenderer renderer =
        new TrafficClipRenderer(
            new SceneRenderer(SceneConfig.defaults().withSize(width, height), PlateFonts.load()));
    TrafficClip clip = renderer.plan(1, 25, passes);
    new TrafficClipWriter(renderer).write(clip, mp4);
    return mp4;
  }

  /** The plates of the clip's vehicle passes, from the ground truth beside it. */
  public static List<String> plates(Path mp4) throws IOException {
    JsonNode root = new ObjectMapper().readTree(passesFile(mp4).toFile());
    List<String> plates = new ArrayList<>();
    root.get("passes").forEach(pass -> plates.add(pass.get("plate").asText()));
    return plates;
  }

  private static Path passesFile(Path mp4) {
    return mp4.resolveSibling(mp4.getFileName().toString().replaceFirst("\\.mp4$", ".passes.json"));
  }
}
