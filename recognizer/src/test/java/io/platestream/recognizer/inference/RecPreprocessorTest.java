package io.platestream.recognizer.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class RecPreprocessorTest {
  private final RecPreprocessor pre = RecPreprocessor.widthBuckets();

  @Test
  void keepsAspectAtHeight48AndPicksTheSmallestBucketThatFits() {
    assertThat(pre.resizedWidth(new BufferedImage(100, 32, BufferedImage.TYPE_INT_RGB)))
        .isEqualTo(150); // ceil(48 * 100 / 32)
    assertThat(pre.bucketFor(150)).isEqualTo(160);
    assertThat(pre.resizedWidth(new BufferedImage(1000, 40, BufferedImage.TYPE_INT_RGB)))
        .isEqualTo(320); // capped
    assertThat(pre.bucketFor(60)).isEqualTo(80);
  }

  @Test
  void normalisesToMinusOneToOneAndPadsWithZero() {
    BufferedImage white = new BufferedImage(32, 48, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 48; y++) for (int x = 0; x < 32; x++) white.setRGB(x, y, 0xffffff);
    float[] chw = new float[3 * 48 * 80];

    pre.writeInto(white, chw, 0, 80);

    assertThat(chw[0]).isCloseTo(1f, within(1e-6f));
    assertThat(chw[31]).isCloseTo(1f, within(1e-6f));
    assertThat(chw[32]).as("right padding").isZero();
    assertThat(chw[2 * 48 * 80 + 10]).isCloseTo(1f, within(1e-6f));
  }
}
