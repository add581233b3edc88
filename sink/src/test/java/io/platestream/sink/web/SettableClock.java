package io.platestream.sink.web;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock a test moves by hand. */
final class SettableClock extends Clock {
  private final AtomicLong now;

  SettableClock(long startMs) {
    this.now = new AtomicLong(startMs);
  }

  void advance(long ms) {
    now.addAndGet(ms);
  }

  @Override
  public ZoneOffset getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(now.get());
  }
}
