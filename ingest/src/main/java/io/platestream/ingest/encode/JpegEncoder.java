package io.platestream.ingest.encode;

import org.bytedeco.javacv.Frame;

/** Encodes decoded BGR24 frames as JPEG. One worker thread owns an encoder; closing frees it. */
public interface JpegEncoder extends AutoCloseable {

  /**
   * @param frame a BGR24 frame as FFmpeg's grabber returns it
   * @param quality 1 (smallest) to 100 (best)
   */
  byte[] encode(Frame frame, int quality);

  @Override
  void close();

  /** The encoders there are; {@link #FFMPEG} costs less CPU (docs/BENCHMARKS.md, "Ingest"). */
  enum Kind {
    FFMPEG,
    IMAGEIO;

    public JpegEncoder create() {
      return this == FFMPEG ? new FfmpegJpegEncoder() : new ImageIoJpegEncoder();
    }
  }
}
