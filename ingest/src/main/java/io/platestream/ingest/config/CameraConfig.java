package io.platestream.ingest.config;

import java.util.List;
import java.util.Objects;

/**
 * One camera as an operator configures it.
 *
 * @param id camera id: the Kafka key of its frames and the tag of its metrics
 * @param url {@code rtsp://}, {@code rtsps://}, {@code http(s)://} or a local file path
 * @param sampleFps frames per second of stream time to publish
 * @param jpegQuality JPEG quality of published frames, 1 to 100
 * @param regionOfInterest polygon in frame pixels that motion is looked for in; empty: whole frame
 * @param motionThreshold fraction (0 to 1) of the region's pixels that must change for a frame to
 *     be published; 0 publishes every sampled frame
 * @param transport RTSP lower transport
 * @param loop for files: start again at the end, so that a file acts as a never-ending camera
 * @param realtime for files: pace reading to the stream's timestamps as a live camera would
 * @param enabled false keeps the camera in the file without connecting to it
 */
public record CameraConfig(
    String id,
    String url,
    double sampleFps,
    int jpegQuality,
    List<Pixel> regionOfInterest,
    double motionThreshold,
    RtspTransport transport,
    boolean loop,
    boolean realtime,
    boolean enabled) {

  public static final double DEFAULT_SAMPLE_FPS = 5.0;
  public static final int DEFAULT_JPEG_QUALITY = 85;

  /** A point of the region of interest, in frame pixels. */
  public record Pixel(int x, int y) {}

  /** RTSP carries media interleaved over the control connection (TCP) or on separate UDP ports. */
  public enum RtspTransport {
    TCP,
    UDP
  }

  public CameraConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    regionOfInterest = List.copyOf(regionOfInterest);
    Objects.requireNonNull(transport, "transport");
  }

  /** A camera with every setting at its default. */
  public static CameraConfig of(String id, String url) {
    return new CameraConfig(
        id,
        url,
        DEFAULT_SAMPLE_FPS,
        DEFAULT_JPEG_QUALITY,
        List.of(),
        0.0,
        RtspTransport.TCP,
        false,
        true,
        true);
  }

  public CameraConfig withSampleFps(double fps) {
    return new CameraConfig(
        id,
        url,
        fps,
        jpegQuality,
        regionOfInterest,
        motionThreshold,
        transport,
        loop,
        realtime,
        enabled);
  }

  public CameraConfig withTransport(RtspTransport transport) {
    return new CameraConfig(
        id,
        url,
        sampleFps,
        jpegQuality,
        regionOfInterest,
        motionThreshold,
        transport,
        loop,
        realtime,
        enabled);
  }

  public CameraConfig withLoop(boolean loop) {
    return new CameraConfig(
        id,
        url,
        sampleFps,
        jpegQuality,
        regionOfInterest,
        motionThreshold,
        transport,
        loop,
        realtime,
        enabled);
  }

  public CameraConfig withRealtime(boolean realtime) {
    return new CameraConfig(
        id,
        url,
        sampleFps,
        jpegQuality,
        regionOfInterest,
        motionThreshold,
        transport,
        loop,
        realtime,
        enabled);
  }
}
