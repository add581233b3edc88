package io.platestream.detector.stage;

import io.platestream.datasets.image.Images;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.Scene;
import io.platestream.datasets.render.SceneConfig;
import io.platestream.datasets.render.SceneRenderer;
import io.platestream.schemas.Frame;
import java.nio.ByteBuffer;

/** Sharp synthetic scenes as Frame records. */
final class StageFixtures {
  private static SceneRenderer renderer;

  static synchronized Scene scene(long seed) {
    if (renderer == null)
      renderer =
          new SceneRenderer(SceneConfig.defaults().withSize(960, 540).clean(), PlateFonts.load());
    return renderer.render(seed);
  }

  static Frame frame(String camera, long seq, Scene scene) {
    return Frame.newBuilder()
        .setCameraId(camera)
        .setSeq(seq)
        .setCaptureTimeMs(1_790_000_000_000L + seq * 200)
        .setIngestTimeMs(1_790_000_000_000L + seq * 200 + 20)
        .setWidth(scene.image().getWidth())
        .setHeight(scene.image().getHeight())
        .setJpeg(ByteBuffer.wrap(Images.jpeg(scene.image(), 92)))
        .setSourceUri("file:synthetic")
        .build();
  }

  private StageFixtures() {}
}
