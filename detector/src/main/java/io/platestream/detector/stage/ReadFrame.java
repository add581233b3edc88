package io.platestream.detector.stage;

import io.platestream.schemas.Frame;

/**
 * A frame read from its record; {@code storeKey} is where it waits in the batch store, -1 when it
 * does not; {@code arrivedNanos} is when it reached the stage (or was restored), on {@link
 * System#nanoTime()}'s clock, for the frame latency meter.
 */
record ReadFrame(long storeKey, PendingFrame pending, Frame value, long arrivedNanos) {

  /** Nanoseconds from arrival until now. */
  long nanosInStage() {
    return System.nanoTime() - arrivedNanos;
  }
}
