package io.platestream.detector.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.platestream.datasets.geometry.BilinearResize;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DetPreprocessorTest {
  private final DetPreprocessor pre = new DetPreprocessor(960);

  @Test
  void longerSideLimitedAndSidesRoundedToMultiplesOf32HalfToEven() {
    assertThat(pre.targetSize(1280, 720)).containsExactly(960, 544); // 540 / 32 = 16.9 -> 17
    assertThat(pre.targetSize(400, 80))
        .containsExactly(384, 64); // 12.5 -> 12 and 2.5 -> 2 (half to even)
    assertThat(pre.targetSize(400, 112)).containsExactly(384, 128); // 3.5 -> 4 (half to even)
    assertThat(pre.targetSize(10, 10)).containsExactly(32, 32);
  }

  @Test
  void normalisesInBgrOrderWithImageNetStatistics() {
    BufferedImage red = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) red.setRGB(x, y, 0xff0000);
    float[] chw = new float[3 * 8 * 8];

    pre.writeInto(red, 4, 4, chw, 0, 8, 8);

    assertThat(chw[0]).isCloseTo((0 - 0.485f) / 0.229f, within(1e-5f)); // blue plane
    assertThat(chw[64]).isCloseTo((0 - 0.456f) / 0.224f, within(1e-5f)); // green plane
    assertThat(chw[128]).isCloseTo((1 - 0.406f) / 0.225f, within(1e-5f)); // red plane
    assertThat(chw[5]).as("padding right of the image").isZero();
  }

  /**
   * OpenCV's resize works in fixed point on 8-bit images, so it may round a value one level away
   * from the exact pixel-centre formula (BilinearResize, in doubles); never more.
   */
  @Test
  void resizesWithinOneLevelOfTheExactBilinearFormula() {
    Random random = new Random(7);
    BufferedImage noise = new BufferedImage(1280, 720, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 720; y++)
      for (int x = 0; x < 1280; x++) noise.setRGB(x, y, random.nextInt(1 << 24));
    for (int[] size : new int[][] {{960, 544}, {1344, 768}, {320, 192}}) {
      int w = size[0], h = size[1], plane = w * h;
      float[] chw = new float[3 * plane];

      pre.writeInto(noise, w, h, chw, 0, w, h);

      int[] exact = BilinearResize.rgb(noise, w, h);
      float[] mean = {0.485f, 0.456f, 0.406f}, std = {0.229f, 0.224f, 0.225f};
      int off = 0;
      for (int i = 0; i < plane; i++) {
        for (int c = 0; c < 3; c++) {
          int level = (exact[i] >> (8 * c)) & 0xff; // c = 0 blue, 1 green, 2 red
          float value = chw[c * plane + i] * std[c] + mean[c];
          int got = Math.round(value * 255);
          assertThat(Math.abs(got - level))
              .as("%dx%d pixel %d channel %d", w, h, i, c)
              .isLessThanOrEqualTo(1);
          if (got != level) off++;
        }
      }
      assertThat((double) off / (3 * plane)).as("%dx%d share one level off", w, h).isLessThan(0.15);
    }
  }

  /**
   * The stage's path: a decoded B, G, R frame straight into its place in a batch's direct buffer,
   * the same values as from a Java image, and nothing written outside its place.
   */
  @Test
  void aNativeFrameGivesTheSameTensorAtItsPlaceInADirectBuffer() {
    Random random = new Random(11);
    BufferedImage noise = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 360; y++)
      for (int x = 0; x < 640; x++) noise.setRGB(x, y, random.nextInt(1 << 24));
    NativeFrame frame =
        JpegDecoder.decodeNative(io.platestream.datasets.image.Images.jpeg(noise, 90));
    BufferedImage decoded = frame.toPackedRgb();
    int[] size = pre.targetSize(640, 360);
    int w = size[0], h = size[1];
    float[] expected = new float[3 * w * h];
    pre.writeInto(decoded, w, h, expected, 0, w, h);
    // Room for two frames, this one second, the first frame's place marked.
    java.nio.FloatBuffer tensor =
        java.nio.ByteBuffer.allocateDirect(2 * expected.length * Float.BYTES)
            .order(java.nio.ByteOrder.nativeOrder())
            .asFloatBuffer();
    float[] marked = new float[expected.length];
    java.util.Arrays.fill(marked, -7f);
    tensor.duplicate().put(marked);

    pre.writeInto(frame.bgr(), w, h, tensor, expected.length);

    float[] first = new float[expected.length], got = new float[expected.length];
    tensor.duplicate().get(first).get(got);
    assertThat(first).as("the first frame's place").containsOnly(-7f);
    int mismatch = java.util.Arrays.mismatch(got, expected);
    assertThat(mismatch)
        .as(
            "first differing value: %s",
            mismatch < 0 ? "none" : got[mismatch] + " against " + expected[mismatch])
        .isEqualTo(-1);
  }
}
