package io.platestream.detector.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
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
}
