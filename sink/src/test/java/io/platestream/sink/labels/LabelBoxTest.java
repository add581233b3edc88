package io.platestream.sink.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.schemas.Quad;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** A reviewer's box: corners in either order, inside the snapshot, each mistake named. */
class LabelBoxTest {
  @Test
  void aBoxBecomesAClockwiseQuadAndMistakesAreRefusedWithTheReason() throws Exception {
    byte[] snapshot = jpeg(320, 180);
    Quad box = LabelBox.parse("200,120,40,50", snapshot);
    assertThat(box.getTopLeft().getX()).isEqualTo(40f);
    assertThat(box.getTopLeft().getY()).isEqualTo(50f);
    assertThat(box.getTopRight().getX()).isEqualTo(200f);
    assertThat(box.getBottomRight().getY()).isEqualTo(120f);
    assertThat(box.getBottomLeft().getX()).isEqualTo(40f);

    assertThatThrownBy(() -> LabelBox.parse("1,2,3", snapshot))
        .hasMessage("box is x1,y1,x2,y2 in the snapshot's pixels, got 1,2,3");
    assertThatThrownBy(() -> LabelBox.parse("1,2,x,4", snapshot))
        .hasMessage("box: 'x' is not a whole number");
    assertThatThrownBy(() -> LabelBox.parse("10,10,330,40", snapshot))
        .hasMessage("box 10,10,330,40 leaves the 320x180 snapshot");
    assertThatThrownBy(() -> LabelBox.parse("10,10,12,40", snapshot))
        .hasMessage("box 10,10,12,40 is smaller than 4 pixels a side");
    assertThatThrownBy(() -> LabelBox.parse("10,10,40,40", null))
        .hasMessage("the event kept no snapshot to draw a box on");
    assertThatThrownBy(() -> LabelBox.parse("10,10,40,40", new byte[] {1, 2, 3}))
        .hasMessage("the event's snapshot is not an image");
  }

  private static byte[] jpeg(int width, int height) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "jpg", out);
    return out.toByteArray();
  }
}
