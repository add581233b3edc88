package io.platestream.ingest.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameSamplerTest {

  @Test
  void takesEveryFifthFrameOfA25FpsStreamAt5Fps() {
    FrameSampler sampler = new FrameSampler(5);
    List<Integer> taken = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      if (sampler.take(i * 40_000L)) {
        taken.add(i);
      }
    }
    assertThat(taken).containsExactly(0, 5, 10, 15, 20, 25, 30, 35, 40, 45);
  }

  @Test
  void followsStreamTimeNotFrameCountWhenTimestampsJitter() {
    FrameSampler sampler = new FrameSampler(2);
    int taken = 0;
    long t = 0;
    for (int i = 0; i < 300; i++) {
      t += (i % 3 == 0) ? 20_000 : 45_000; // irregular, about 27 fps: 11 s of stream time
      if (sampler.take(t)) {
        taken++;
      }
    }
    assertThat(taken).isBetween(21, 23);
  }

  @Test
  void aGapStartsCountingAgainInsteadOfBursting() {
    FrameSampler sampler = new FrameSampler(5);
    assertThat(sampler.take(0)).isTrue();
    assertThat(sampler.take(10_000_000)).isTrue(); // 10 s later
    assertThat(sampler.take(10_040_000)).isFalse();
    assertThat(sampler.take(10_200_000)).isTrue();
  }

  @Test
  void aTimelineThatGoesBackIsANewTimeline() {
    FrameSampler sampler = new FrameSampler(5);
    sampler.take(0);
    sampler.take(5_000_000);
    assertThat(sampler.take(40_000)).isTrue();
  }

  @Test
  void refusesANonPositiveRate() {
    assertThatThrownBy(() -> new FrameSampler(0)).hasMessageContaining("positive");
  }
}
