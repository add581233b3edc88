package io.platestream.detector.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.datasets.image.Images;
import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.SceneConfig;
import io.platestream.datasets.render.SceneRenderer;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class JpegDecoderTest {

  @Test
  void decodesSceneFramesToTheSamePackedPixelsAsImageIo() throws IOException {
    FontsAvailableAccess.require();
    SceneRenderer renderer = new SceneRenderer(SceneConfig.defaults(), PlateFonts.load());
    for (int seed = 0; seed < 3; seed++) {
      byte[] jpeg = Images.jpeg(renderer.render(700 + seed).image(), 85);

      BufferedImage decoded = JpegDecoder.decode(jpeg);

      BufferedImage reference = Images.toRgb(ImageIO.read(new ByteArrayInputStream(jpeg)));
      assertThat(decoded.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
      assertThat(decoded.getWidth()).isEqualTo(reference.getWidth());
      assertThat(decoded.getHeight()).isEqualTo(reference.getHeight());
      assertThat(Arrays.equals(pixels(decoded), pixels(reference)))
          .as("frame %d decodes to ImageIO's pixels", seed)
          .isTrue();
    }
  }

  @Test
  void decodesAGreyJpegToEqualChannels() throws IOException {
    BufferedImage grey = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 48; y++)
      for (int x = 0; x < 64; x++) grey.getRaster().setSample(x, y, 0, x * 4);
    byte[] jpeg = Images.jpeg(grey, 90);

    BufferedImage decoded = JpegDecoder.decode(jpeg);

    int[] rgb = pixels(decoded);
    for (int p : rgb) {
      assertThat(p >>> 16).isEqualTo(p & 0xff).isEqualTo((p >> 8) & 0xff);
    }
    assertThat(rgb).isEqualTo(pixels(Images.toRgb(ImageIO.read(new ByteArrayInputStream(jpeg)))));
  }

  @Test
  void bytesThatAreNoImageGiveNull() {
    assertThat(JpegDecoder.decode("poison".getBytes())).isNull();
    assertThat(JpegDecoder.decode(new byte[0])).isNull();
  }

  /** The thread's buffers still hold the good frame's pixels when the bad one comes. */
  @Test
  void aBrokenJpegAfterAGoodOneGivesNullNotTheGoodOnesPixels() {
    byte[] good = Images.jpeg(solid(64, 48, 0x336699), 90);
    byte[] truncated = Arrays.copyOf(good, good.length / 2);
    byte[] headerZeroed = good.clone();
    Arrays.fill(headerZeroed, 20, headerZeroed.length, (byte) 0);

    assertThat(JpegDecoder.decode(good)).isNotNull();
    assertThat(JpegDecoder.decode(truncated)).isNull();
    assertThat(JpegDecoder.decode(good)).isNotNull();
    assertThat(JpegDecoder.decode(headerZeroed)).isNull();
    assertThat(JpegDecoder.decode(good)).isNotNull();
    assertThat(JpegDecoder.decode(new byte[] {1, 2, 3})).isNull();
  }

  /** Successive frames of different sizes on one thread reuse its buffers without mixing them. */
  @Test
  void framesOfDifferentSizesDecodeInTurn() {
    BufferedImage small = solid(40, 30, 0x204060), large = solid(200, 100, 0x608020);
    byte[] a = Images.jpeg(small, 95), b = Images.jpeg(large, 95);

    for (byte[] jpeg : new byte[][] {a, b, a}) {
      BufferedImage decoded = JpegDecoder.decode(jpeg);
      BufferedImage expected = jpeg == a ? small : large;
      assertThat(decoded.getWidth()).isEqualTo(expected.getWidth());
      int centre = decoded.getRGB(decoded.getWidth() / 2, decoded.getHeight() / 2);
      int want = expected.getRGB(0, 0);
      for (int shift = 0; shift <= 16; shift += 8) {
        assertThat(Math.abs(((centre >> shift) & 0xff) - ((want >> shift) & 0xff))).isLessThan(4);
      }
    }
  }

  private static BufferedImage solid(int width, int height, int rgb) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) image.setRGB(x, y, rgb);
    return image;
  }

  private static int[] pixels(BufferedImage image) {
    return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
  }
}
