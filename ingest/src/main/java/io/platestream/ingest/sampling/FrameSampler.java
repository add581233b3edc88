package io.platestream.ingest.sampling;

/**
 * Picks frames at a target rate by their stream timestamps, so that the published rate follows
 * stream time whatever the decode speed or network jitter: frame {@code k} is taken when its
 * timestamp reaches {@code k / fps}. After a gap in the stream (lost packets, a reconnection) it
 * takes the next frame and starts counting again from there, instead of bursting to catch up.
 */
public final class FrameSampler {
  private final long intervalMicros;
  private long nextDueMicros = Long.MIN_VALUE;

  public FrameSampler(double fps) {
    if (!(fps > 0)) {
      throw new IllegalArgumentException("sample rate must be positive, got " + fps);
    }
    this.intervalMicros = Math.round(1_000_000 / fps);
  }

  /** Whether the frame with this stream timestamp (microseconds) is to be published. */
  public boolean take(long timestampMicros) {
    if (nextDueMicros == Long.MIN_VALUE
        || timestampMicros < nextDueMicros - 2 * intervalMicros // the timeline went back
        || timestampMicros >= nextDueMicros + 2 * intervalMicros) { // a gap
      nextDueMicros = timestampMicros + intervalMicros;
      return true;
    }
    if (timestampMicros < nextDueMicros) {
      return false;
    }
    nextDueMicros += intervalMicros;
    return true;
  }

  /** Forgets the timeline; the next frame is taken (a new connection starts a new timeline). */
  public void reset() {
    nextDueMicros = Long.MIN_VALUE;
  }
}
