package io.platestream.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The recognizer's augmentation changes crops, the same way for the same random, never the input,
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

  @Test
  void blurGrowsWithTheCropAndStaysWithinItsShareOfTheHeight() {
    RecAugment blurOnly = new RecAugment(new RecAugment.Settings(0, 0, 0, 1, 0.15, 0, 0, 0, 0));
    double small = 0, large = 0;
    for (int seed = 0; seed < 40; seed++) {
      int smallSpread = blurredColumns(blurOnly.apply(edge(200, 20), new Random(seed)));
      int largeSpread = blurredColumns(blurOnly.apply(edge(200, 80), new Random(seed)));
      assertThat(smallSpread).isBetween(1, 4); // at most 0.15 x 20 = 3 px of blur
      assertThat(largeSpread).isBetween(1, 13); // at most 0.15 x 80 = 12 px
      small += smallSpread;
      large += largeSpread;
    }
    assertThat(large).isGreaterThan(2 * small);
  }

  /** White left half, black right half. */
  private static BufferedImage edge(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width / 2, height);
    g.dispose();
    return image;
  }

  /** Columns on the middle row that are neither white nor black: how far the edge was smeared. */
  private static int blurredColumns(BufferedImage image) {
    int y = image.getHeight() / 2, count = 0;
    for (int x = 10; x < image.getWidth() - 10; x++) {
      int grey = image.getRGB(x, y) & 0xff;
      if (grey > 5 && grey < 250) count++;
    }
    return count;
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
