package io.platestream.bench.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorStageBenchmarkTest {

  @Test
  void latencyPercentilesAreNearestRank() {
    List<Double> millis = new java.util.ArrayList<>();
    for (int i = 100; i >= 1; i--) millis.add((double) i); // 1..100 ms, out of order

    DetectorStageBenchmark.Latency latency = DetectorStageBenchmark.Latency.of(millis);

    assertThat(latency.p50()).isEqualTo(50);
    assertThat(latency.p99()).isEqualTo(99);
    assertThat(DetectorStageBenchmark.Latency.of(List.of(7.0, 3.0)).p99()).isEqualTo(7);
  }
}
