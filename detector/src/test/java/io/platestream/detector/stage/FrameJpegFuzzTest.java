package io.platestream.detector.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.datasets.image.Images;
import io.platestream.schemas.ContractExamples;
import io.platestream.schemas.Frame;
import io.platestream.testing.ByteMutations;
import io.platestream.testing.ForgedJpeg;
import io.platestream.testing.FuzzRun;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Bounded fuzzing of the frame JPEGs the detector decodes (anyone who may write the frames topic,
 * or a broken camera, can send any bytes): seeded mutations of a real frame decode or are refused
 * with {@link UndecodableFrameException}, which dead-letters the frame; and a header claiming a
 * huge image is refused before the decoder allocates it. A good frame decodes after every refusal.
 */
class FrameJpegFuzzTest {
  private static final int WIDTH = 320;
  private static final int HEIGHT = 180;

  @Test
  void mutatedFramesDecodeOrAreRefusedAsUndecodable() {
    byte[] valid = Images.jpeg(scene(), 85);
    FuzzRun.Outcome outcome =
        FuzzRun.run(
            "frame JPEG",
            71,
            2_000,
            random -> ByteMutations.mutate(valid, random),
            jpeg -> FrameImages.decodeNative(frame(jpeg, WIDTH, HEIGHT)),
            UndecodableFrameException.class,
            message -> message.startsWith("frame gate/"));
    assertThat(outcome.crashes()).isEmpty();
    assertThat(outcome.refused()).isPositive();
    assertThat(FrameImages.decodeNative(frame(valid, WIDTH, HEIGHT)).width())
        .as("a good frame after the refusals")
        .isEqualTo(WIDTH);
  }

  @Test
  void aHeaderClaimingAHugeImageIsRefusedBeforeDecoding() {
    byte[] bomb = ForgedJpeg.withSize(Images.jpeg(scene(), 85), 30_000, 30_000);
    assertThatThrownBy(() -> FrameImages.decodeNative(frame(bomb, 30_000, 30_000)))
        .isInstanceOf(UndecodableFrameException.class)
        .hasMessageContaining("is 30000x30000, more than the");
    assertThatThrownBy(() -> FrameImages.decodeNative(frame(bomb, WIDTH, HEIGHT)))
        .isInstanceOf(UndecodableFrameException.class)
        .hasMessageContaining("claims 320x180 but its JPEG is 30000x30000");
  }

  private static Frame frame(byte[] jpeg, int width, int height) {
    return Frame.newBuilder(ContractExamples.frame())
        .setCameraId("gate")
        .setJpeg(ByteBuffer.wrap(jpeg))
        .setWidth(width)
        .setHeight(height)
        .build();
  }

  private static BufferedImage scene() {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(90, 110, 130));
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setColor(new Color(20, 60, 200));
    g.fillRect(120, 100, 90, 28);
    g.setColor(Color.WHITE);
    g.drawString("A12345", 135, 119);
    g.dispose();
    return image;
  }
}
