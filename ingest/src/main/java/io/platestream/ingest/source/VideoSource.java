package io.platestream.ingest.source;

import org.bytedeco.javacv.Frame;

/** A connected video stream, decoded frame by frame. One thread uses it; closing releases it. */
public interface VideoSource extends AutoCloseable {

  /**
   * The next decoded frame, or {@code null} when the stream has ended (for a live camera: the
   * connection is gone). Its pixels are in the decoder's own format and valid only until the next
   * call; {@link #toBgr} converts the frames worth converting.
   *
   * @throws SourceException when the stream cannot be read
   */
  Frame grab() throws SourceException;

  /** The frame last grabbed, as BGR24 (valid until the next call of either method). */
  Frame toBgr(Frame grabbed);

  /**
   * Wall-clock time, in microseconds since the epoch, of the stream's timestamp 0 when the source
   * knows it (RTSP with RTCP sender reports), else {@code Long.MIN_VALUE}.
   */
  long startTimeRealtimeMicros();

  /** Whether the source is a local file (it ends; it can loop). */
  boolean isFile();

  @Override
  void close();
}
