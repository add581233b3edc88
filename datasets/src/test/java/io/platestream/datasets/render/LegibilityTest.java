package io.platestream.datasets.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.datasets.geometry.Point2;
import io.platestream.datasets.plates.PlateType;
import java.util.List;
import org.junit.jupiter.api.Test;

class LegibilityTest {
  private static final SceneConditions SHARP = new SceneConditions(false, 0, 0, 0, 90);

  @Test
  void characterHeightIsNinetyOfTheHundredFortyMillimetresOnTheShorterSide() {
    // Left edge 28 px, right edge 42 px (turned away on the left): characters are 18 px there.
    PlateInstance plate = plate(0, 28, 100, 42);
    assertThat(Legibility.characterHeightPx(plate)).isCloseTo(18.0, within());
  }

  @Test
  void aSharpPlateIsReadableDownToSixteenPixelCharacters() {
    assertThat(Legibility.legible(plate(0, 25, 80, 25), SHARP)).isTrue(); // 16.07 px
    assertThat(Legibility.legible(plate(0, 24.5, 80, 24.5), SHARP)).isFalse(); // 15.75 px
  }

  @Test
  void blurCountsAgainstTheCharacterHeight() {
    PlateInstance twentyPx = plate(0, 31.12, 100, 31.12); // 20.006 px characters
    assertThat(Legibility.legible(twentyPx, new SceneConditions(false, 6, 0, 0, 90))).isTrue();
    assertThat(Legibility.legible(twentyPx, new SceneConditions(false, 7, 0, 0, 90))).isFalse();
    // Defocus radius 2 smears over a 5 px box; with 2 px of motion that is 7 px.
    assertThat(Legibility.blurPx(new SceneConditions(false, 2, 2, 0, 90))).isEqualTo(7);
    assertThat(Legibility.legible(twentyPx, new SceneConditions(false, 2, 2, 0, 90))).isFalse();
    PlateInstance fortyPx = plate(0, 62.22, 200, 62.22);
    assertThat(Legibility.legible(fortyPx, new SceneConditions(false, 8, 1, 0, 90)))
        .isTrue(); // 11 of 40
  }

  @Test
  void nightAndNoiseAloneDoNotMakeAPlateUnreadable() {
    assertThat(Legibility.legible(plate(0, 40, 120, 40), new SceneConditions(true, 0, 0, 10, 40)))
        .isTrue();
  }

  /** A plate whose left edge is {@code left} px tall at x = x0 and right edge {@code right}. */
  private static PlateInstance plate(double x0, double left, double x1, double right) {
    List<Point2> corners =
        List.of(
            new Point2(x0, 100 - left / 2),
            new Point2(x1, 100 - right / 2),
            new Point2(x1, 100 + right / 2),
            new Point2(x0, 100 + left / 2));
    return new PlateInstance("京A12345", PlateType.BLUE, corners, 0, 0);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
