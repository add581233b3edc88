package io.platestream.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.testing.TextMutations;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A bounded fuzz of the camera list parser (outside input, re-read while ingest runs): 3,000
 * mutations of a valid list on a fixed seed. Each must parse or be refused with a
 * CameraConfigException naming the file, and no refusal may show the camera's password; any other
 * exception is a bug.
 */
class CamerasFileFuzzTest {
  private static final String VALID =
      "cameras:\n"
          + "  - id: gate-north\n"
          + "    url: rtsp://user:s3cretpass@10.0.0.5/stream1\n"
          + "    sampleFps: 2.5\n"
          + "    jpegQuality: 70\n"
          + "    regionOfInterest: [[0, 400], [1920, 400], [1920, 1080]]\n"
          + "    motionThreshold: 0.02\n"
          + "    transport: udp\n"
          + "  - id: replay\n"
          + "    url: /data/clip.mp4\n"
          + "    loop: true\n";
  private static final String ALPHABET = " \n\t:-\"'[]{}#&*!|>%@`,?./0123456789aZ\\";

  @Test
  void mutatedListsParseOrAreRefusedWithTheReasonNeverWithAnotherError() {
    Random random = new Random(27);
    int parsed = 0, refused = 0;
    List<String> crashes = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      String input = TextMutations.mutate(VALID, random, ALPHABET);
      try {
        CamerasFile.parse(input, "cameras.yaml");
        parsed++;
      } catch (CameraConfigException e) {
        assertThat(e.getMessage()).startsWith("cameras.yaml").doesNotContain("s3cretpass");
        refused++;
      } catch (RuntimeException e) {
        crashes.add(e + " on:\n" + input);
      }
    }
    System.out.printf(
        "camera list fuzz: %d parsed, %d refused, %d crashes%n", parsed, refused, crashes.size());
    assertThat(crashes).isEmpty();
    assertThat(refused).isPositive();
  }
}
