package io.platestream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PipelineSummaryTest {
  @Test
  void eachLineGivesTotalsAndTheRatesSinceTheLineBefore() {
    PipelineSummary summary = new PipelineSummary(new PipelineSummary.Totals(0, 0, 0, 0, 0, 0));

    String first = summary.line(new PipelineSummary.Totals(15, 10, 40, 20, 1, 5_000_000_000L));
    String second = summary.line(new PipelineSummary.Totals(30, 30, 90, 20, 2, 10_000_000_000L));

    assertThat(first)
        .isEqualTo(
            "  [summary] ingest 15 frames (3.0/s), detect 10 frames (2.0/s) 40 plates,"
                + " recognize 20 reads (4.0/s), 1 events");
    assertThat(second)
        .isEqualTo(
            "  [summary] ingest 30 frames (3.0/s), detect 30 frames (4.0/s) 90 plates,"
                + " recognize 20 reads (0.0/s), 2 events");
    assertThat(
            summary.line(
                new PipelineSummary.Totals(45, 45, 130, 60, 3, 15_000_000_000L),
                new PipelineSummary.Lag(0.42, -1, 7)))
        .endsWith("3 events; behind capture: detect 0.4 s, recognize -, 7 shed");
  }
}
