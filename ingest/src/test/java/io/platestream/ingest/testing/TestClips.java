package io.platestream.ingest.testing;

import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.SceneConfig;
import io.platestream.datasets.render.SceneRenderer;
import io.platestream.datasets.render.TrafficClip;
import io.platestream.datasets.render.TrafficClipRenderer;
import io.platestream.datasets.render.TrafficClipWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Synthetic H.264 traffic clips for the test cameras, rendered once into target/test-clips. */
public final class TestClips {
  private static final Path DIR = Path.of("target", "test-clips");

  private TestClips() {}

  /** A 25 fps clip of {@code passes} vehicles (about 3 s of video per pass). */
  public static synchronized Path h264(int width, int height, int passes) {
    Path mp4 = DIR.resolve("clip-" + width + "x" + height + "-" + passes + ".mp4").toAbsolutePath();
    if (Files.exists(mp4)) {
      return mp4;
    }
    try {
      TrafficClipRenderer renderer =
          new TrafficClipRenderer(
              new SceneRenderer(SceneConfig.defaults().withSize(width, height), PlateFonts.load()));
      TrafficClip clip = renderer.plan(7, 25, passes);
      Path partial = DIR.resolve("partial-" + mp4.getFileName()).toAbsolutePath();
      new TrafficClipWriter(renderer).write(clip, partial);
      Files.move(partial, mp4);
      return mp4;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render a test clip", e);
    }
  }
}
