package io.platestream.sink.hotlist;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Meters of the hotlist stage. */
public final class HotlistMetrics {
  private final MeterRegistry meters;
  private final Counter duplicates;
  private final Counter deadLetters;

  public HotlistMetrics(MeterRegistry meters) {
    this.meters = meters;
    this.duplicates =
        Counter.builder("platestream.hotlist.duplicates")
            .description("Alerts not raised again for an event already alerted on")
            .register(meters);
    this.deadLetters =
        Counter.builder("platestream.hotlist.dead.letters")
            .description("Records on the events topic that are not plate events")
            .register(meters);
  }

  void alert(String watchlist, String severity) {
    Counter.builder("platestream.hotlist.alerts")
        .description("Alerts raised")
        .tag("watchlist", watchlist)
        .tag("severity", severity)
        .register(meters)
        .increment();
  }

  void duplicate() {
    duplicates.increment();
  }

  void deadLetter() {
    deadLetters.increment();
  }
}
