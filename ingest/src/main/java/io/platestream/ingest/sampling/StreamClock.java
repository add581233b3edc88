package io.platestream.ingest.sampling;

/**
 * Turns a stream's timestamps into capture times. The wall-clock anchor of timestamp 0 comes from
 * the stream when it carries one (RTCP sender reports on RTSP), else from the arrival of the first
 * frame. A looping file keeps one anchor and adds each pass's length, so capture times keep
 * increasing across passes.
 */
public final class StreamClock {
  private long anchorEpochMicros = Long.MIN_VALUE;
  private long loopOffsetMicros;
  private long lastTimestampMicros;
  private long frameIntervalMicros = 40_000;

  /**
   * Anchors a new connection: the stream's own realtime start when known ({@code Long.MIN_VALUE}
   * when not), else {@code nowMicros - firstTimestampMicros}.
   */
  public void anchor(long streamRealtimeMicros, long nowMicros, long firstTimestampMicros) {
    anchorEpochMicros =
        streamRealtimeMicros != Long.MIN_VALUE
            ? streamRealtimeMicros
            : nowMicros - firstTimestampMicros;
    loopOffsetMicros = 0;
    lastTimestampMicros = firstTimestampMicros;
  }

  /** Forgets the anchor: the next connection is a new timeline. */
  public void reset() {
    anchorEpochMicros = Long.MIN_VALUE;
    loopOffsetMicros = 0;
    lastTimestampMicros = 0;
  }

  public boolean isAnchored() {
    return anchorEpochMicros != Long.MIN_VALUE;
  }

  /** The file starts again: later timestamps continue after the last one seen. */
  public void nextLoop() {
    loopOffsetMicros += lastTimestampMicros + frameIntervalMicros;
    lastTimestampMicros = 0;
  }

  /** Stream time of a frame on the continuous timeline (loops included), in microseconds. */
  public long streamMicros(long timestampMicros) {
    if (timestampMicros > lastTimestampMicros) {
      frameIntervalMicros = Math.max(1, timestampMicros - lastTimestampMicros);
    }
    lastTimestampMicros = Math.max(lastTimestampMicros, timestampMicros);
    return loopOffsetMicros + timestampMicros;
  }

  /** Capture time, in milliseconds since the epoch, of a frame at this continuous stream time. */
  public long captureEpochMillis(long streamMicros) {
    return (anchorEpochMicros + streamMicros) / 1000;
  }

  /** Microseconds since the epoch at which a frame at this stream time is due in real time. */
  public long dueEpochMicros(long streamMicros) {
    return anchorEpochMicros + streamMicros;
  }
}
