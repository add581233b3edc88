package io.platestream.ingest.source;

import io.platestream.ingest.config.CameraConfig;
import java.time.Duration;
import java.util.Locale;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * A camera read through FFmpeg (JavaCV's {@link FFmpegFrameGrabber}): RTSP over TCP or UDP, HTTP
 * streams (MJPEG, HLS) and local files. Frames come out as BGR24.
 */
public final class FfmpegVideoSource implements VideoSource {
  static {
    // Errors reach the operator through SourceException messages; FFmpeg's console chatter about
    // every damaged packet of a flaky camera would drown the logs.
    avutil.av_log_set_level(avutil.AV_LOG_FATAL);
  }

  private final FFmpegFrameGrabber grabber;
  private final String redactedUrl;
  private final boolean file;
  private final BgrConverter converter = new BgrConverter();

  private FfmpegVideoSource(FFmpegFrameGrabber grabber, String redactedUrl, boolean file) {
    this.grabber = grabber;
    this.redactedUrl = redactedUrl;
    this.file = file;
  }

  /**
   * Connects to the camera and reads the stream header.
   *
   * @param ioTimeout how long a read may block before the connection counts as lost
   */
  public static FfmpegVideoSource open(CameraConfig camera, Duration ioTimeout)
      throws SourceException {
    String url = camera.url();
    boolean file = SourceUrls.isFile(url);
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(SourceUrls.ffmpegInput(url));
    String timeoutMicros = Long.toString(ioTimeout.toNanos() / 1000);
    if (SourceUrls.isRtsp(url)) {
      grabber.setOption("rtsp_transport", camera.transport().name().toLowerCase(Locale.ROOT));
      grabber.setOption("timeout", timeoutMicros);
    } else if (!file) {
      grabber.setOption("rw_timeout", timeoutMicros);
      grabber.setOption("reconnect", "0"); // reconnection is the worker's job, with its backoff
    }
    if (!file) {
      // Live streams: start decoding within a second instead of probing for five.
      grabber.setOption("analyzeduration", "1000000");
      grabber.setOption("probesize", "1000000");
    }
    String redacted = SourceUrls.redact(url);
    // Frames stay in the decoder's format; only sampled ones are converted (see BgrConverter).
    grabber.setImageMode(FrameGrabber.ImageMode.RAW);
    try {
      grabber.start();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      closeQuietly(grabber);
      throw new SourceException("cannot open " + redacted + ": " + FfmpegErrors.explain(e), e);
    }
    if (grabber.getVideoStream() < 0 || grabber.getImageWidth() <= 0) {
      closeQuietly(grabber);
      throw new SourceException("no decodable video stream in " + redacted);
    }
    return new FfmpegVideoSource(grabber, redacted, file);
  }

  @Override
  public Frame grab() throws SourceException {
    try {
      return grabber.grabImage();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      throw new SourceException("cannot read " + redactedUrl + ": " + FfmpegErrors.explain(e), e);
    }
  }

  @Override
  public Frame toBgr(Frame grabbed) {
    if (!(grabbed.opaque instanceof AVFrame picture)) {
      throw new IllegalStateException("not a frame grabbed from " + redactedUrl);
    }
    return converter.convert(picture, grabbed.timestamp);
  }

  @Override
  public long startTimeRealtimeMicros() {
    long realtime = grabber.getFormatContext().start_time_realtime();
    return realtime == avutil.AV_NOPTS_VALUE || realtime <= 0 ? Long.MIN_VALUE : realtime;
  }

  @Override
  public boolean isFile() {
    return file;
  }

  @Override
  public void close() {
    closeQuietly(grabber);
    converter.close();
  }

  private static void closeQuietly(FFmpegFrameGrabber grabber) {
    try {
      grabber.close();
    } catch (Exception | Error e) {
      // Closing a broken connection may fail again; the native resources are released regardless.
    }
  }
}
