package io.platestream.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock a test moves by hand. */
public final class SettableClock extends Clock {
  private final AtomicLong now;

  public SettableClock(long startMs) {
    this.now = new AtomicLong(startMs);
  }

  public void advance(long ms) {
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
