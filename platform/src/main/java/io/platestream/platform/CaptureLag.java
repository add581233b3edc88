package io.platestream.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far behind the cameras a stage runs, and the frames it sheds to stay close to them.
 *
 * <p>Lag is wall-clock now minus the capture time of the newest frame the stage has finished. A
 * stage that cannot keep up falls further behind with every frame, and each later event is later
 * still. Shedding bounds that: a frame (or crop) older than {@code maxAge} when its turn comes is
 * dropped unprocessed and counted with its reason. Records wait in arrival order, so the oldest go
 * first, and the stage catches up with the present instead of working through the past. A zero
 * {@code maxAge} never sheds (replays of recorded data, tests).
 *
 * <p>Meters, tagged with the stage: {@code platestream.stage.capture.lag} (seconds, gauge), {@code
 * platestream.stage.processed} and {@code platestream.stage.shed} (reason {@code stale}).
 */
public final class CaptureLag {
  private static final long RATE_WINDOW_MS = 10_000;

  private final String stage;
  private final Duration maxAge;
  private final Counter processed;
  private final Counter shed;
  private final ArrayDeque<Long> recentMs = new ArrayDeque<>();
  private long newestCaptureMs = -1;
  private long shedCount;
  private long processedCount;

  public CaptureLag(String stage, Duration maxAge, MeterRegistry meters) {
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("the largest frame age to keep cannot be negative");
    }
    this.stage = stage;
    this.maxAge = maxAge;
    this.processed =
        Counter.builder("platestream.stage.processed")
            .description("Frames (or crops) the stage finished")
            .tag("stage", stage)
            .register(meters);
    this.shed =
        Counter.builder("platestream.stage.shed")
            .description("Frames (or crops) dropped unprocessed, by reason")
            .tag("stage", stage)
            .tag("reason", "stale")
            .register(meters);
    Gauge.builder(
            "platestream.stage.capture.lag",
            this,
            lag -> lag.lagMs(System.currentTimeMillis()) / 1000.0)
        .description("Now minus the capture time of the newest frame the stage finished, seconds")
        .tag("stage", stage)
        .register(meters);
  }

  /** Never sheds, meters nobody reads (tests, benchmarks). */
  public static CaptureLag unbounded(String stage) {
    return new CaptureLag(stage, Duration.ZERO, new SimpleMeterRegistry());
  }

  public Duration maxAge() {
    return maxAge;
  }

  /**
   * Whether a record captured at {@code captureTimeMs} is too old to process now; counts it as shed
   * when it is.
   */
  public synchronized boolean shed(long captureTimeMs, long nowMs) {
    if (maxAge.isZero() || nowMs - captureTimeMs <= maxAge.toMillis()) {
      return false;
    }
    shedCount++;
    shed.increment();
    return true;
  }

  /** A record captured at {@code captureTimeMs} has been finished at {@code nowMs}. */
  public synchronized void processed(long captureTimeMs, long nowMs) {
    newestCaptureMs = Math.max(newestCaptureMs, captureTimeMs);
    processedCount++;
    processed.increment();
    recentMs.addLast(nowMs);
    forgetBefore(nowMs - RATE_WINDOW_MS);
  }

  /** Milliseconds between now and the newest finished capture; -1 before the first. */
  public synchronized long lagMs(long nowMs) {
    return newestCaptureMs < 0 ? -1 : Math.max(0, nowMs - newestCaptureMs);
  }

  /** Records finished per second over the last ten seconds. */
  public synchronized double perSecond(long nowMs) {
    forgetBefore(nowMs - RATE_WINDOW_MS);
    return recentMs.size() * 1000.0 / RATE_WINDOW_MS;
  }

  private void forgetBefore(long oldestMs) {
    while (!recentMs.isEmpty() && recentMs.peekFirst() < oldestMs) {
      recentMs.removeFirst();
    }
  }

  /** The figures a status page shows. */
  public synchronized Map<String, Object> status(long nowMs) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("stage", stage);
    status.put("lagMs", lagMs(nowMs));
    status.put("perSecond", Math.round(perSecond(nowMs) * 10) / 10.0);
    status.put("processed", processedCount);
    status.put("shedStale", shedCount);
    status.put("maxAgeMs", maxAge.toMillis());
    return status;
  }
}
