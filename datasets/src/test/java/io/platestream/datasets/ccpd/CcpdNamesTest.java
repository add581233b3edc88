package io.platestream.datasets.ccpd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.datasets.LabelFormatException;
import io.platestream.datasets.geometry.Point2;
import io.platestream.datasets.plates.PlateTextGenerator;
import io.platestream.datasets.plates.PlateType;
import java.util.List;
import org.junit.jupiter.api.Test;

class CcpdNamesTest {
  /** The example name from the CCPD documentation. */
  private static final String EXAMPLE =
      "025-95_113-154&383_386&473-386&473_177&454_154&383_363&402-0_0_22_27_27_33_16-37-15.jpg";

  @Test
  void parsesEveryFieldOfTheDocumentedExample() {
    CcpdName name = CcpdNames.parse("ccpd_base/" + EXAMPLE);

    assertThat(name.areaPerMille()).isEqualTo(25);
    assertThat(name.horizontalTilt()).isEqualTo(95);
    assertThat(name.verticalTilt()).isEqualTo(113);
    assertThat(name.boxTopLeft()).isEqualTo(new Point2(154, 383));
    assertThat(name.boxBottomRight()).isEqualTo(new Point2(386, 473));
    assertThat(name.vertices())
        .containsExactly(
            new Point2(386, 473), new Point2(177, 454), new Point2(154, 383), new Point2(363, 402));
    // 皖 = provinces[0], A = alphabets[0], then ads[22] = Y, ads[27] = 3, 3, ads[33] = 9, ads[16] =
    // S
    assertThat(name.plate()).isEqualTo("皖AY339S");
    assertThat(name.brightness()).isEqualTo(37);
    assertThat(name.blurriness()).isEqualTo(15);
    assertThat(name.cornersClockwiseFromTopLeft().get(0)).isEqualTo(new Point2(154, 383));
  }

  @Test
  void formatsBackToTheSameName() {
    assertThat(CcpdNames.format(CcpdNames.parse(EXAMPLE))).isEqualTo(EXAMPLE);
  }

  @Test
  void readsCcpd2020GreenPlatesWithEightIndices() {
    String green =
        "136-1_7-230&479_484&577-484&564_230&577_233&490_484&479-0_0_3_24_30_32_28_24-144-213.jpg";
    CcpdName name = CcpdNames.parse(green);

    assertThat(name.plate()).isEqualTo("皖AD06840");
    assertThat(PlateType.GREEN_SMALL.accepts(name.plate())).isTrue();
    assertThat(CcpdNames.format(name)).isEqualTo(green);
  }

  @Test
  void generatedPlatesRoundTripThroughTheIndexTables() {
    PlateTextGenerator generator = new PlateTextGenerator(7);
    for (PlateType type :
        List.of(PlateType.BLUE, PlateType.YELLOW, PlateType.GREEN_SMALL, PlateType.GREEN_LARGE)) {
      for (int i = 0; i < 100; i++) {
        String plate = generator.next(type);
        CcpdName name =
            new CcpdName(
                12,
                0,
                0,
                new Point2(1, 2),
                new Point2(3, 4),
                List.of(new Point2(3, 4), new Point2(1, 4), new Point2(1, 2), new Point2(3, 2)),
                plate,
                100,
                10);
        assertThat(CcpdNames.parse(CcpdNames.format(name))).isEqualTo(name);
      }
    }
  }

  @Test
  void malformedNamesSayWhatIsWrong() {
    assertThatThrownBy(() -> CcpdNames.parse("photo.jpg"))
        .isInstanceOf(LabelFormatException.class)
        .hasMessageContaining("photo.jpg")
        .hasMessageContaining("expected 7 fields");
    assertThatThrownBy(
            () -> CcpdNames.parse(EXAMPLE.replace("0_0_22_27_27_33_16", "0_0_22_27_27_33_99")))
        .hasMessageContaining("plate index 7 is 99, outside its table of 35 characters");
    assertThatThrownBy(() -> CcpdNames.parse(EXAMPLE.replace("95_113", "95x113")))
        .hasMessageContaining("tilt '95x113' is not two numbers joined by '_'");
    assertThatThrownBy(() -> CcpdNames.parse(EXAMPLE.replace("-37-", "-bright-")))
        .hasMessageContaining("brightness 'bright' is not an integer");
    assertThatThrownBy(() -> CcpdNames.plateIndices("皖A1234警"))
        .hasMessageContaining("'警' at position 7");
  }
}
