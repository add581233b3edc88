package io.platestream.datasets.plates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlateTextGeneratorTest {

  @Test
  void everyGeneratedPlateIsValidForItsTypeAndHasNoIOrO() {
    PlateTextGenerator generator = new PlateTextGenerator(2026);
    for (PlateType type : PlateType.values()) {
      for (int i = 0; i < 500; i++) {
        String plate = generator.next(type);
        assertThat(type.accepts(plate)).as("%s %s", type, plate).isTrue();
        assertThat(plate.codePointCount(0, plate.length())).isEqualTo(type.length());
        assertThat(plate.substring(1)).doesNotContain("I", "O");
      }
    }
  }

  @Test
  void sameSeedSamePlatesOtherSeedOtherPlates() {
    assertThat(sample(42)).isEqualTo(sample(42)).isNotEqualTo(sample(43));
  }

  @Test
  void greenPlatesFollowTheSmallAndLargeVehicleRules() {
    assertThat(PlateType.GREEN_SMALL.accepts("皖AD12345")).isTrue();
    assertThat(PlateType.GREEN_SMALL.accepts("皖AF1234A")).isFalse(); // the last four are digits
    assertThat(PlateType.GREEN_LARGE.accepts("皖A12345D")).isTrue();
    assertThat(PlateType.GREEN_LARGE.accepts("皖A12345X")).isFalse();
    assertThat(PlateType.BLUE.accepts("皖A1234O")).isFalse(); // no O in the serial
    assertThat(PlateType.of("京A1234学")).contains(PlateType.COACH);
    assertThat(PlateType.of("hello")).isEmpty();
  }

  private static List<String> sample(long seed) {
    PlateTextGenerator generator = new PlateTextGenerator(seed);
    List<String> plates = new ArrayList<>();
    for (PlateType type : PlateType.values()) plates.add(generator.next(type));
    return plates;
  }
}
