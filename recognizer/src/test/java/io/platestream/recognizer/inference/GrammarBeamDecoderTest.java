package io.platestream.recognizer.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrammarBeamDecoderTest {
  private static final CharacterDictionary DICTIONARY = CharacterDictionary.ppocrKeysV1();
  private final GrammarBeamDecoder decoder = GrammarBeamDecoder.chineseDefaults(DICTIONARY);
  private final CtcGreedyDecoder greedy = new CtcGreedyDecoder(DICTIONARY);

  /** Steps as lists of (character, probability); the rest of each step's mass goes to the blank. */
  private static float[] steps(List<List<Object>> spec) {
    int classes = DICTIONARY.classCount();
    float[] p = new float[spec.size() * classes];
    for (int t = 0; t < spec.size(); t++) {
      float used = 0;
      List<Object> step = spec.get(t);
      for (int i = 0; i < step.size(); i += 2) {
        int c = classOf((String) step.get(i));
        p[t * classes + c] = (Float) step.get(i + 1);
        used += (Float) step.get(i + 1);
      }
      p[t * classes] += 1 - used;
    }
    return p;
  }

  private static int classOf(String label) {
    for (int c = 1; c < DICTIONARY.classCount(); c++)
      if (DICTIONARY.label(c).equals(label)) return c;
    throw new IllegalArgumentException(label);
  }

  private static List<List<Object>> plate(String text) {
    List<List<Object>> spec = new ArrayList<>();
    text.codePoints()
        .forEach(
            c -> {
              spec.add(List.of(Character.toString(c), 0.9f));
              spec.add(List.of()); // a blank between characters
            });
    return spec;
  }

  @Test
  void aProvinceRankedSecondWinsOverALookAlikeThatIsNoProvince() {
    List<List<Object>> spec = plate("皖A12345");
    spec.set(
        0, List.of("洗", 0.6f, "皖", 0.3f)); // the model prefers a character plates never start with
    spec.add(4, List.of("：", 0.8f)); // the dot read as a colon, between the letter and the serial
    float[] p = steps(spec);

    PlateReading reading = decoder.decode(p, 0, spec.size(), DICTIONARY.classCount());

    assertThat(greedy.decode(p, 0, spec.size(), DICTIONARY.classCount()).text())
        .isEqualTo("洗A12345");
    assertThat(reading.valid()).isTrue();
    assertThat(reading.text()).isEqualTo("皖A12345");
    assertThat(reading.charConfidences()).hasSize(7);
    assertThat(reading.charConfidences().get(0)).isEqualTo(0.3f);
    assertThat(reading.charConfidences().get(1)).isEqualTo(0.9f);
    assertThat(reading.candidates().get(0).text()).isEqualTo("皖A12345");
  }

  @Test
  void repeatedCharactersNeedABlankBetweenThem() {
    List<List<Object>> spec = new ArrayList<>(plate("京A11223"));
    float[] p = steps(spec);

    assertThat(decoder.decode(p, 0, spec.size(), DICTIONARY.classCount()).text())
        .isEqualTo("京A11223");
  }

  @Test
  void aCharacterTheModelDidNotReadMakesTheReadingNoPlate() {
    // A date on a car's body: the grammar can only complete it with a province the model gave
    // almost nothing to (2015/05/11 came out as 新A05711 on a real photo).
    List<List<Object>> spec = plate("新A05711");
    spec.set(0, List.of("2", 0.9f, "新", 0.000001f));
    float[] p = steps(spec);

    PlateReading reading = decoder.decode(p, 0, spec.size(), DICTIONARY.classCount());
    PlateReading anything =
        new GrammarBeamDecoder(DICTIONARY, PlateGrammar.chineseMainland(), 16, 6, 5, 0)
            .decode(p, 0, spec.size(), DICTIONARY.classCount());

    assertThat(reading.text()).isEqualTo("新A05711");
    assertThat(reading.valid()).isFalse();
    assertThat(anything.text()).isEqualTo("新A05711");
    assertThat(anything.valid()).as("without the floor the grammar invents a plate").isTrue();
  }

  @Test
  void withoutAValidPlateTheReadingSaysSoInsteadOfInventingOne() {
    List<List<Object>> spec = plate("STOP");
    float[] p = steps(spec);

    PlateReading reading = decoder.decode(p, 0, spec.size(), DICTIONARY.classCount());

    assertThat(reading.valid()).isFalse();
    assertThat(reading.text()).isEqualTo("STOP");
    assertThat(reading.candidates()).isEmpty();
  }

  @Test
  void grammarsAcceptTheirFormatsOnly() {
    PlateGrammar china = PlateGrammar.chineseMainland();
    assertThat(china.accepts("皖A12345")).isTrue();
    assertThat(china.accepts("粤BD12345")).isTrue();
    assertThat(china.accepts("粤B12345F")).isTrue();
    assertThat(china.accepts("京A1234警")).isTrue();
    assertThat(china.accepts("京A1234")).isFalse();
    assertThat(china.accepts("京A12O45")).isFalse();
    // I and O never occur on a plate (GA 36-2018), the issuing authority's letter included:
    // a real 皖QA2825 was read as 皖OA2825 while the grammar allowed it.
    assertThat(china.accepts("皖OA2825")).isFalse();
    assertThat(china.accepts("皖IA2825")).isFalse();
    assertThat(PlateGrammar.genericAlphanumeric().accepts("AB123CD")).isTrue();
    assertThat(PlateGrammar.genericAlphanumeric().accepts("AB")).isFalse();
  }
}
