package io.platestream.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The recogniser's augmentation changes crops, the same way for the same random, never the input,
 * and never mirrors: the dark mark at the left of a plate stays in its left half.
 */
class RecAugmentTest {

  @Test
  void augmentationIsRepeatableLeavesTheInputAloneAndNeverMirrors() {
    BufferedImage crop = plateWithMarkOnTheLeft();
    int[] original = pixels(crop);
    RecAugment augment = new RecAugment(RecAugment.Settings.seed());
    int changed = 0;
    for (int seed = 0; seed < 30; seed++) {
      BufferedImage a = augment.apply(crop, new Random(seed));
      BufferedImage b = augment.apply(crop, new Random(seed));
      assertThat(pixels(a)).containsExactly(pixels(b));
      if (!java.util.Arrays.equals(pixels(a), original)) {
        changed++;
      }
      assertThat(darkestColumn(a)).as("seed %d", seed).isLessThan(a.getWidth() / 2);
    }
    assertThat(pixels(crop)).containsExactly(original);
    assertThat(changed).isGreaterThan(20);
  }

  @Test
  void noAugmentationGivesAnEqualCopy() {
    BufferedImage crop = plateWithMarkOnTheLeft();
    BufferedImage out = new RecAugment(RecAugment.Settings.none()).apply(crop, new Random(1));
    assertThat(out).isNotSameAs(crop);
    assertThat(pixels(out)).containsExactly(pixels(crop));
  }

  private static BufferedImage plateWithMarkOnTheLeft() {
    BufferedImage crop = new BufferedImage(140, 44, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = crop.createGraphics();
    g.setColor(new Color(30, 60, 200));
    g.fillRect(0, 0, 140, 44);
    g.setColor(Color.BLACK);
    g.fillRect(12, 8, 14, 28);
    g.dispose();
    return crop;
  }

  private static int darkestColumn(BufferedImage image) {
    int best = -1;
    double darkest = Double.MAX_VALUE;
    for (int x = 0; x < image.getWidth(); x++) {
      double sum = 0;
      for (int y = 0; y < image.getHeight(); y++) {
        int p = image.getRGB(x, y);
        sum += ((p >> 16) & 0xff) + ((p >> 8) & 0xff) + (p & 0xff);
      }
      if (sum < darkest) {
        darkest = sum;
        best = x;
      }
    }
    return best;
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }
}
