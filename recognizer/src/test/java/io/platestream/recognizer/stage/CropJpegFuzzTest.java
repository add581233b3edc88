package io.platestream.recognizer.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.datasets.image.Images;
import io.platestream.schemas.ContractExamples;
import io.platestream.schemas.PlateDetection;
import io.platestream.testing.ByteMutations;
import io.platestream.testing.ForgedJpeg;
import io.platestream.testing.FuzzRun;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Bounded fuzzing of the crop JPEGs the recognizer decodes: seeded mutations of a real crop decode
 * or are refused with an IllegalArgumentException naming the detection (the stage dead-letters it),
 * never another error; a header claiming a huge crop is refused before ImageIO allocates it.
 */
class CropJpegFuzzTest {

  @Test
  void mutatedCropsDecodeOrAreRefusedWithTheDetectionNamed() {
    byte[] valid = Images.jpeg(crop(), 75);
    FuzzRun.Outcome outcome =
        FuzzRun.run(
            "crop JPEG",
            72,
            2_000,
            random -> ByteMutations.mutate(valid, random),
            jpeg -> RecognizeProcessor.decodeCrop(detection(jpeg)),
            IllegalArgumentException.class,
            message -> message.startsWith("crop of gate-1/1/0 "));
    assertThat(outcome.crashes()).isEmpty();
    assertThat(outcome.refused()).isPositive();
  }

  @Test
  void aHeaderClaimingAHugeCropIsRefusedBeforeDecoding() {
    byte[] valid = Images.jpeg(crop(), 75);
    byte[] bomb = ForgedJpeg.withSize(valid, 65_535, 65_535);
    assertThatThrownBy(() -> RecognizeProcessor.decodeCrop(detection(bomb)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is 65535x65535, more than the");
  }

  private static PlateDetection detection(byte[] jpeg) {
    return PlateDetection.newBuilder(ContractExamples.detection())
        .setDetectionId("gate-1/1/0")
        .setCrop(ByteBuffer.wrap(jpeg))
        .build();
  }

  private static BufferedImage crop() {
    BufferedImage image = new BufferedImage(160, 48, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(20, 60, 200));
    g.fillRect(0, 0, 160, 48);
    g.setColor(Color.WHITE);
    g.drawString("A12345", 40, 30);
    g.dispose();
    return image;
  }
}
