package io.platestream.ingest.worker;

/** Where a camera worker is. */
public enum CameraState {
  /** Opening the stream for the first time. */
  CONNECTING,
  /** Frames are flowing. */
  CONNECTED,
  /** The stream failed or ended; waiting out the backoff before the next attempt. */
  RECONNECTING,
  /** A file without {@code loop} reached its end. */
  FINISHED,
  /** Stopped for good by an error no retry can mend (the reason says which). */
  FAILED,
  /** Configured with {@code enabled: false}. */
  DISABLED,
  /** Stopped by the operator or a configuration change. */
  STOPPED
}
