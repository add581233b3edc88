package io.platestream.detector.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.datasets.image.Images;
import java.awt.image.BufferedImage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A decoded frame lives in its thread's reused buffer: using it too late must fail, not mislead.
 */
class NativeFrameTest {

  @Test
  void aFrameUsedAfterItsThreadDecodedAnotherSaysSo() {
    NativeFrame first = JpegDecoder.decodeNative(Images.jpeg(image(64, 32), 90));
    assertThat(first.width()).isEqualTo(64);

    NativeFrame second = JpegDecoder.decodeNative(Images.jpeg(image(48, 16), 90));

    assertThat(second.width()).isEqualTo(48);
    assertThatThrownBy(first::width)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after its thread decoded another");
  }

  @Test
  void framesInOtherDecodeSlotsStayValidUntilTheirOwnSlotIsDecodedAgain() {
    byte[] jpeg = Images.jpeg(image(64, 32), 90);
    int[] alone = pixels(JpegDecoder.decode(jpeg)); // decoded by itself, in slot 0
    NativeFrame inSlotOne = JpegDecoder.decodeNative(jpeg, 1);
    NativeFrame inSlotTwo = JpegDecoder.decodeNative(Images.jpeg(image(40, 24), 90), 2);
    JpegDecoder.decodeNative(Images.jpeg(image(48, 16), 90)); // slot 0, twice
    JpegDecoder.decodeNative(Images.jpeg(image(32, 16), 90), 0);

    assertThat(inSlotOne.width()).isEqualTo(64);
    assertThat(inSlotTwo.width()).isEqualTo(40);
    assertThat(pixels(inSlotOne.toPackedRgb())).isEqualTo(alone);

    assertThat(JpegDecoder.decodeNative("poison".getBytes(), 1)).isNull();

    assertThatThrownBy(inSlotOne::width)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("slot 1");
    assertThat(inSlotTwo.height()).isEqualTo(24);
  }

  @Test
  void aFailedDecodeAlsoEndsTheLastFrame() {
    NativeFrame frame = JpegDecoder.decodeNative(Images.jpeg(image(64, 32), 90));

    assertThat(JpegDecoder.decodeNative("poison".getBytes())).isNull();

    assertThatThrownBy(frame::toPackedRgb).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFrameIsRefusedOnAnotherThread() {
    NativeFrame frame = JpegDecoder.decodeNative(Images.jpeg(image(64, 32), 90));

    assertThatThrownBy(() -> CompletableFuture.supplyAsync(frame::width).get())
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "its pixels are in the buffers of " + Thread.currentThread().getName());
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  private static BufferedImage image(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.setRGB(width / 2, height / 2, 0xff8040);
    return image;
  }
}
