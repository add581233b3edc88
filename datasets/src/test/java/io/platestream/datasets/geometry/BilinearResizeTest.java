package io.platestream.datasets.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BilinearResizeTest {

  @Test
  void halvingAveragesEachTwoByTwoBlock() {
    // Pixel-centre alignment samples a 4x2 image at x = 0.5 and 2.5, y = 0.5 for a 2x1 result:
    // the mean of each 2x2 block, rounded half to even.
    BufferedImage image = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
    int[][] grey = {{0, 10, 100, 200}, {20, 31, 101, 201}};
    for (int y = 0; y < 2; y++)
      for (int x = 0; x < 4; x++) image.setRGB(x, y, grey[y][x] * 0x010101);

    int[] out = BilinearResize.rgb(image, 2, 1);

    assertThat(out[0] & 0xff).isEqualTo(15); // (0 + 10 + 20 + 31) / 4 = 15.25
    assertThat(out[1] & 0xff).isEqualTo(150); // (100 + 200 + 101 + 201) / 4 = 150.5 -> 150
    assertThat((out[1] >> 16) & 0xff).isEqualTo(150);
  }

  @Test
  void readingPackedPixelsInPlaceGivesWhatGetRgbGives() {
    Random random = new Random(5);
    BufferedImage packed = randomImage(97, 61, BufferedImage.TYPE_INT_RGB, random);
    BufferedImage bgr = new BufferedImage(97, 61, BufferedImage.TYPE_3BYTE_BGR);
    bgr.getGraphics().drawImage(packed, 0, 0, null);
    BufferedImage part = packed.getSubimage(7, 5, 50, 40); // shares the parent's array

    for (int[] size : new int[][] {{40, 32}, {160, 96}, {97, 61}, {13, 7}}) {
      int[] expected = reference(packed, size[0], size[1]);
      assertThat(BilinearResize.rgb(packed, size[0], size[1])).isEqualTo(expected);
      assertThat(BilinearResize.rgb(bgr, size[0], size[1])).isEqualTo(expected);
      assertThat(BilinearResize.rgb(part, size[0], size[1]))
          .isEqualTo(reference(part, size[0], size[1]));
    }
  }

  private static BufferedImage randomImage(int w, int h, int type, Random random) {
    BufferedImage image = new BufferedImage(w, h, type);
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) image.setRGB(x, y, random.nextInt());
    return image;
  }

  /** The plain per-pixel form of the same interpolation, with every pixel read by getRGB. */
  private static int[] reference(BufferedImage image, int width, int height) {
    int srcW = image.getWidth(), srcH = image.getHeight();
    double scaleX = (double) srcW / width, scaleY = (double) srcH / height;
    int[] out = new int[width * height];
    for (int y = 0; y < height; y++) {
      double sy = Math.max(0, (y + 0.5) * scaleY - 0.5);
      int y0 = Math.min((int) sy, srcH - 1), y1 = Math.min(y0 + 1, srcH - 1);
      double fy = sy - y0;
      for (int x = 0; x < width; x++) {
        double sx = Math.max(0, (x + 0.5) * scaleX - 0.5);
        int x0 = Math.min((int) sx, srcW - 1), x1 = Math.min(x0 + 1, srcW - 1);
        double fx = sx - x0;
        int pixel = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
          double top =
              ((image.getRGB(x0, y0) >> shift) & 0xff) * (1 - fx)
                  + ((image.getRGB(x1, y0) >> shift) & 0xff) * fx;
          double bottom =
              ((image.getRGB(x0, y1) >> shift) & 0xff) * (1 - fx)
                  + ((image.getRGB(x1, y1) >> shift) & 0xff) * fx;
          pixel |= ((int) Math.rint(top * (1 - fy) + bottom * fy)) << shift;
        }
        out[y * width + x] = pixel;
      }
    }
    return out;
  }
}
