package io.platestream.recognizer.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CtcGreedyDecoderTest {
  // Classes: 0 blank, 1 "A", 2 "B", 3 "·", 4 space.
  private final CtcGreedyDecoder decoder =
      new CtcGreedyDecoder(CharacterDictionary.of(List.of("A", "B", "·")));

  private static float[] steps(int[] best, float[] p) {
    float[] probabilities = new float[best.length * 5];
    for (int t = 0; t < best.length; t++) {
      for (int c = 0; c < 5; c++) probabilities[t * 5 + c] = (1 - p[t]) / 4;
      probabilities[t * 5 + best[t]] = p[t];
    }
    return probabilities;
  }

  @Test
  void mergesRepeatsDropsBlanksAndSeparators() {
    // A A _ A B · B : repeats merge, the blank splits the two A runs, the dot is not a plate
    // character.
    float[] probabilities =
        steps(
            new int[] {1, 1, 0, 1, 2, 3, 2},
            new float[] {0.9f, 0.8f, 0.99f, 0.7f, 0.6f, 0.95f, 0.5f});

    Reading reading = decoder.decode(probabilities, 0, 7, 5);

    assertThat(reading.text()).isEqualTo("AABB");
    assertThat(reading.charConfidences()).containsExactly(0.9f, 0.7f, 0.6f, 0.5f);
    assertThat(reading.confidence()).isEqualTo((0.9f + 0.7f + 0.6f + 0.5f) / 4);
  }

  @Test
  void allBlankIsAnEmptyReadingWithZeroConfidence() {
    Reading reading =
        decoder.decode(steps(new int[] {0, 0, 0}, new float[] {0.9f, 0.9f, 0.9f}), 0, 3, 5);
    assertThat(reading.text()).isEmpty();
    assertThat(reading.confidence()).isZero();
  }

  @Test
  void aModelWhoseClassesDoNotMatchTheDictionaryIsRefused() {
    assertThatThrownBy(() -> decoder.decode(new float[12], 0, 2, 6))
        .hasMessageContaining("6 classes but the dictionary explains 5");
  }

  @Test
  void ppocrDictionaryHasThe6625ClassesOfTheModel() {
    CharacterDictionary dictionary = CharacterDictionary.ppocrKeysV1();
    assertThat(dictionary.classCount()).isEqualTo(6625);
    assertThat(dictionary.label(6624)).isEqualTo(" ");
  }
}
