package io.platestream.bench.ingest;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.platestream.ingest.IngestService;
import io.platestream.ingest.IngestSettings;
import io.platestream.ingest.config.CameraConfig;
import io.platestream.ingest.source.FfmpegVideoSource;
import io.platestream.ingest.worker.CameraState;
import io.platestream.ingest.worker.CameraStatus;
import io.platestream.schemas.Frame;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * Measures ingest against bare FFmpeg decoding of the same file in the same run: CPU time per
 * second of video (decode + sample + encode + produce vs decode alone), and how many real-time
 * cameras the machine sustains at the sample rate without falling behind.
 */
public final class IngestBenchmark {
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** CPU and wall time spent on {@code videoSeconds} of video. */
  public record Cost(
      String variant, int frames, double videoSeconds, double wallSeconds, double cpuSeconds) {
    /** CPU seconds per second of video: 1.0 is one core busy for a real-time camera. */
    public double cpuPerVideoSecond() {
      return cpuSeconds / videoSeconds;
    }
  }

  /** One capacity trial: {@code cameras} real-time cameras for a window. */
  public record Trial(
      int cameras, double minFpsOut, double medianFpsOut, long maxLagMs, boolean sustained) {}

  private final Path clip;
  private final IngestSettings settings;
  private final Producer<String, Frame> producer;

  public IngestBenchmark(Path clip, IngestSettings settings, Producer<String, Frame> producer) {
    this.clip = clip;
    this.settings = settings;
    this.producer = producer;
  }

  /** FFmpeg decoding the whole file flat out, frames left in the decoder's own pixel format. */
  public Cost bareDecode() throws Exception {
    long cpu = OS.getProcessCpuTime();
    long wall = System.nanoTime();
    int frames = 0;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.toFile())) {
      grabber.start();
      org.bytedeco.javacv.Frame frame;
      while ((frame = grabber.grabFrame(false, true, false, false, false)) != null) {
        if (frame.image != null) {
          frames++;
        }
      }
    }
    return cost("bare FFmpeg decode", frames, clipSeconds(), cpu, wall);
  }

  /**
   * The whole ingest path for one camera reading the file flat out, until Kafka has every frame.
   */
  public Cost pipeline(double sampleFps) throws InterruptedException {
    long cpu = OS.getProcessCpuTime();
    long wall = System.nanoTime();
    CameraConfig camera =
        CameraConfig.of("bench-flat-out", clip.toString())
            .withRealtime(false)
            .withSampleFps(sampleFps);
    CameraStatus last;
    try (IngestService ingest =
        new IngestService(settings, FfmpegVideoSource::open, producer, new SimpleMeterRegistry())) {
      ingest.apply(List.of(camera));
      do {
        Thread.sleep(20);
        last = ingest.statuses().get(0);
      } while (last.state() != CameraState.FINISHED && last.state() != CameraState.FAILED);
      last = ingest.stopAll().get(0);
    }
    if (last.state() == CameraState.FAILED) {
      throw new IllegalStateException("the benchmark camera failed: " + last.reason());
    }
    double videoSeconds = clipSeconds();
    return cost(
        "ingest pipeline (" + sampleFps + " fps sampled)",
        (int) last.publishedFrames(),
        videoSeconds,
        cpu,
        wall);
  }

  /**
   * Real-time cameras (the file looped and paced to its timestamps) for {@code window}, after a
   * warm-up; sustained when every camera publishes at least 95 % of the sample rate and decoding
   * stays within a second of the stream.
   */
  public Trial realtime(int cameras, double sampleFps, Duration warmUp, Duration window)
      throws InterruptedException {
    List<CameraConfig> configs = new ArrayList<>();
    for (int i = 0; i < cameras; i++) {
      configs.add(
          CameraConfig.of("bench-live-" + i, clip.toString())
              .withLoop(true)
              .withSampleFps(sampleFps));
    }
    try (IngestService ingest =
        new IngestService(settings, FfmpegVideoSource::open, producer, new SimpleMeterRegistry())) {
      ingest.apply(configs);
      Thread.sleep(warmUp.toMillis());
      List<CameraStatus> start = ingest.statuses();
      long lagMax = 0;
      long end = System.nanoTime() + window.toNanos();
      while (System.nanoTime() < end) {
        Thread.sleep(250);
        for (CameraStatus status : ingest.statuses()) {
          lagMax = Math.max(lagMax, status.lagMs());
        }
      }
      List<CameraStatus> stop = ingest.statuses();
      double[] fps = new double[cameras];
      for (int i = 0; i < cameras; i++) {
        fps[i] =
            (stop.get(i).publishedFrames() - start.get(i).publishedFrames())
                / (window.toMillis() / 1000.0);
      }
      java.util.Arrays.sort(fps);
      boolean sustained = fps[0] >= 0.95 * sampleFps && lagMax < 1000;
      return new Trial(cameras, fps[0], fps[cameras / 2], lagMax, sustained);
    }
  }

  /** Adds cameras one at a time until a trial is not sustained (or {@code maxCameras}). */
  public List<Trial> capacity(
      int maxCameras, double sampleFps, Duration warmUp, Duration window, Consumer<Trial> progress)
      throws InterruptedException {
    List<Trial> trials = new ArrayList<>();
    for (int cameras = 1; cameras <= maxCameras; cameras++) {
      Trial trial = realtime(cameras, sampleFps, warmUp, window);
      trials.add(trial);
      progress.accept(trial);
      if (!trial.sustained()) {
        break;
      }
    }
    return trials;
  }

  /** Length of the clip by its container, in seconds. */
  public double clipSeconds() {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.toFile())) {
      grabber.start();
      return grabber.getLengthInTime() / 1e6;
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + clip + ": " + e.getMessage(), e);
    }
  }

  private static Cost cost(
      String variant, int frames, double videoSeconds, long cpuStart, long wallStart) {
    return new Cost(
        variant,
        frames,
        videoSeconds,
        (System.nanoTime() - wallStart) / 1e9,
        (OS.getProcessCpuTime() - cpuStart) / 1e9);
  }
}
