package io.platestream.models.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShadowShareTest {

  @Test
  void aShareOfConsecutiveFrameIdsIsSpreadEvenlyAndTheSameEveryTime() {
    ShadowShare tenth = new ShadowShare(0.1);

    long covered = IntStream.range(0, 10_000).filter(i -> tenth.covers("gate/" + i)).count();
    long coveredInFirstHundred =
        IntStream.range(0, 100).filter(i -> tenth.covers("gate/" + i)).count();

    assertThat(covered).isBetween(900L, 1100L);
    assertThat(coveredInFirstHundred).as("not bunched in runs").isBetween(3L, 20L);
    assertThat(IntStream.range(0, 1000).filter(i -> tenth.covers("gate/" + i)).boxed().toList())
        .isEqualTo(
            IntStream.range(0, 1000)
                .filter(i -> new ShadowShare(0.1).covers("gate/" + i))
                .boxed()
                .toList());
  }

  @Test
  void noneAndAllAreExact() {
    assertThat(IntStream.range(0, 1000).noneMatch(i -> new ShadowShare(0).covers("c/" + i)))
        .isTrue();
    assertThat(IntStream.range(0, 1000).allMatch(i -> new ShadowShare(1).covers("c/" + i)))
        .isTrue();
  }

  @Test
  void aShareOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> new ShadowShare(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the shadow share must be within 0..1, got 1.5");
    assertThatThrownBy(() -> new ShadowShare(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
