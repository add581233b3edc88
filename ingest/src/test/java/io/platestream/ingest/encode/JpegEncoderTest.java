package io.platestream.ingest.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JpegEncoderTest {

  @ParameterizedTest
  @EnumSource(JpegEncoder.Kind.class)
  void encodesAJpegThatDecodesToTheSameImage(JpegEncoder.Kind kind) throws Exception {
    Frame frame = gradient(642, 362); // odd-ish sizes: chroma subsampling edges
    try (JpegEncoder encoder = kind.create()) {
      byte[] jpeg = encoder.encode(frame, 90);
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
      assertThat(decoded.getWidth()).isEqualTo(642);
      assertThat(decoded.getHeight()).isEqualTo(362);
      assertThat(meanAbsoluteError(frame, decoded)).isLessThan(4.0);
      // The encoder is reused across frames and sizes.
      byte[] smaller = encoder.encode(gradient(320, 180), 90);
      assertThat(ImageIO.read(new ByteArrayInputStream(smaller)).getWidth()).isEqualTo(320);
    }
  }

  @Test
  void bothEncodersGiveComparableSizesAtTheSameNominalQuality() throws Exception {
    Frame frame = gradient(640, 360);
    for (int quality : new int[] {50, 85, 95}) {
      int ffmpeg;
      int imageio;
      try (JpegEncoder a = JpegEncoder.Kind.FFMPEG.create();
          JpegEncoder b = JpegEncoder.Kind.IMAGEIO.create()) {
        ffmpeg = a.encode(frame, quality).length;
        imageio = b.encode(frame, quality).length;
      }
      assertThat((double) ffmpeg / imageio).as("quality %d", quality).isBetween(0.5, 2.0);
    }
  }

  @Test
  void lowerQualityGivesSmallerFiles() {
    Frame frame = gradient(640, 360);
    try (JpegEncoder encoder = JpegEncoder.Kind.FFMPEG.create()) {
      assertThat(encoder.encode(frame, 30).length).isLessThan(encoder.encode(frame, 95).length);
    }
  }

  /** A BGR24 frame with smooth gradients and a few sharp edges, like a road scene's structure. */
  static Frame gradient(int width, int height) {
    Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
    ByteBuffer pixels = (ByteBuffer) frame.image[0];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int at = y * frame.imageStride + x * 3;
        boolean stripe = (x / 40) % 2 == 0 && y > height / 2;
        pixels.put(at, (byte) (x * 255 / width));
        pixels.put(at + 1, (byte) (y * 255 / height));
        pixels.put(at + 2, (byte) (stripe ? 230 : 40));
      }
    }
    return frame;
  }

  private static double meanAbsoluteError(Frame frame, BufferedImage decoded) {
    ByteBuffer pixels = (ByteBuffer) frame.image[0];
    long total = 0;
    for (int y = 0; y < frame.imageHeight; y++) {
      for (int x = 0; x < frame.imageWidth; x++) {
        int at = y * frame.imageStride + x * 3;
        int rgb = decoded.getRGB(x, y);
        total += Math.abs((pixels.get(at) & 0xff) - (rgb & 0xff));
        total += Math.abs((pixels.get(at + 1) & 0xff) - ((rgb >> 8) & 0xff));
        total += Math.abs((pixels.get(at + 2) & 0xff) - ((rgb >> 16) & 0xff));
      }
    }
    return total / (3.0 * frame.imageWidth * frame.imageHeight);
  }
}
