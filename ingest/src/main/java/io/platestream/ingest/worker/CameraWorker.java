package io.platestream.ingest.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.platestream.ingest.IngestSettings;
import io.platestream.ingest.config.CameraConfig;
import io.platestream.ingest.encode.JpegEncoder;
import io.platestream.ingest.publish.DropOldestQueue;
import io.platestream.ingest.publish.FramePublisher;
import io.platestream.ingest.publish.SequenceAllocator;
import io.platestream.ingest.sampling.FrameSampler;
import io.platestream.ingest.sampling.MotionDetector;
import io.platestream.ingest.sampling.StreamClock;
import io.platestream.ingest.source.SourceException;
import io.platestream.ingest.source.SourceUrls;
import io.platestream.ingest.source.VideoSource;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera: a decode thread (connect, decode, sample, skip still frames, encode, number, queue)
 * and a publish thread (queue to Kafka). Every failure of the stream ends in a reconnect after a
 * backoff; nothing a camera does can reach another camera's threads.
 */
public final class CameraWorker {
  private static final Logger log = LoggerFactory.getLogger(CameraWorker.class);

  /** Opens a camera's stream (FFmpeg in production). */
  @FunctionalInterface
  public interface SourceOpener {
    VideoSource open(CameraConfig camera, Duration ioTimeout) throws SourceException;
  }

  private enum StreamEnd {
    LOOP,
    FINISHED,
    STOPPED
  }

  private final CameraConfig camera;
  private final IngestSettings settings;
  private final SourceOpener opener;
  private final DropOldestQueue<io.platestream.schemas.Frame> queue;
  private final CameraMetrics metrics;
  private final FramePublisher publisher;
  private final Thread decodeThread;
  private final Thread publishThread;
  private final RateMeter fpsIn = new RateMeter(System::currentTimeMillis);
  private final RateMeter fpsOut = new RateMeter(System::currentTimeMillis);
  private final AtomicLong lastFrameTimeMs = new AtomicLong();
  private final AtomicLong lastSeq = new AtomicLong(-1);
  private final AtomicLong lastDecodedCaptureMs = new AtomicLong();
  private final FrameSampler sampler;
  private final StreamClock clock = new StreamClock();
  private final MotionDetector motion;
  private final String source;
  private final long startedMs = System.currentTimeMillis();
  private volatile boolean running = true;
  private volatile CameraState state;
  private volatile String reason = "";

  public CameraWorker(
      CameraConfig camera,
      IngestSettings settings,
      SourceOpener opener,
      Producer<String, io.platestream.schemas.Frame> producer,
      MeterRegistry registry) {
    this.camera = camera;
    this.settings = settings;
    this.opener = opener;
    this.source = SourceUrls.redact(camera.url());
    this.queue = new DropOldestQueue<>(settings.queueFrames());
    this.metrics = new CameraMetrics(registry, camera.id(), queue::size, this::lagMs);
    this.sampler = new FrameSampler(camera.sampleFps());
    this.motion = new MotionDetector(camera.motionThreshold(), camera.regionOfInterest());
    this.publisher =
        new FramePublisher(
            producer,
            settings.topic(),
            queue,
            settings.maxInFlightFrames(),
            new FramePublisher.Outcome() {
              @Override
              public void published(io.platestream.schemas.Frame frame) {
                metrics.published.increment();
                fpsOut.mark();
                lastFrameTimeMs.accumulateAndGet(frame.getCaptureTimeMs(), Math::max);
              }

              @Override
              public void failed(io.platestream.schemas.Frame frame, Exception cause) {
                metrics.droppedPublishFailed.increment();
              }
            });
    this.decodeThread = new Thread(this::decodeLoop, "ingest-" + camera.id() + "-decode");
    this.publishThread = new Thread(publisher, "ingest-" + camera.id() + "-publish");
    this.state = camera.enabled() ? CameraState.CONNECTING : CameraState.DISABLED;
  }

  public CameraConfig camera() {
    return camera;
  }

  public void start() {
    if (!camera.enabled()) {
      log.info("camera {} is disabled", camera.id());
      return;
    }
    decodeThread.start();
    publishThread.start();
  }

  /** Stops decoding, publishes what is queued, and releases the camera's meters. */
  public void stop() {
    running = false;
    decodeThread.interrupt(); // wakes a backoff sleep; a blocked read ends within ioTimeout
    publisher.stop();
    joinQuietly(decodeThread, settings.ioTimeout().plusSeconds(5));
    joinQuietly(publishThread, Duration.ofSeconds(35));
    if (state != CameraState.FAILED && state != CameraState.FINISHED) {
      state = CameraState.STOPPED;
    }
    metrics.connected(false);
    metrics.close();
  }

  public CameraStatus status() {
    return new CameraStatus(
        camera.id(),
        source,
        state,
        reason,
        fpsIn.perSecond(),
        fpsOut.perSecond(),
        lastFrameTimeMs.get(),
        lagMs(),
        (long) metrics.reconnects.count(),
        metrics.dropped(),
        (long) metrics.published.count(),
        lastSeq.get(),
        startedMs);
  }

  /**
   * How this worker's sampled frames have ended so far, by the frame ledger's outcome names: every
   * sampled frame was skipped for no motion, published, dropped for a full queue or failed to
   * publish, or is still queued.
   */
  public Map<String, Long> outcomes() {
    Map<String, Long> outcomes = new LinkedHashMap<>();
    outcomes.put("sampled", (long) metrics.sampled.count());
    outcomes.put("skipped_no_motion", (long) metrics.skippedNoMotion.count());
    outcomes.put("published", (long) metrics.published.count());
    outcomes.put("dropped_queue_full", (long) metrics.droppedQueueFull.count());
    outcomes.put("dropped_publish_failed", (long) metrics.droppedPublishFailed.count());
    return outcomes;
  }

  private long lagMs() {
    long decoded = lastDecodedCaptureMs.get();
    return decoded == 0 || state != CameraState.CONNECTED
        ? 0
        : Math.max(0, System.currentTimeMillis() - decoded);
  }

  private void decodeLoop() {
    SequenceAllocator sequences;
    try {
      sequences = SequenceAllocator.persistent(settings.stateDir(), camera.id());
    } catch (RuntimeException e) {
      fail(e.getMessage());
      return;
    }
    Backoff backoff =
        new Backoff(
            settings.backoffInitial(),
            settings.backoffMax(),
            () -> ThreadLocalRandom.current().nextDouble());
    boolean loopingFile = false;
    try (JpegEncoder encoder = settings.encoder().create()) {
      while (running) {
        try (VideoSource stream = opener.open(camera, settings.ioTimeout())) {
          if (!loopingFile) {
            sampler.reset();
            clock.reset();
          }
          state = CameraState.CONNECTED;
          metrics.connected(true);
          if (!loopingFile) {
            log.info("camera {}: connected to {}", camera.id(), source);
          }
          StreamEnd end = readStream(stream, encoder, sequences, backoff);
          if (end == StreamEnd.STOPPED) {
            return;
          }
          if (end == StreamEnd.FINISHED) {
            state = CameraState.FINISHED;
            log.info("camera {}: end of {}", camera.id(), source);
            return;
          }
          clock.nextLoop();
          loopingFile = true;
          continue;
        } catch (SourceException e) {
          reason = e.getMessage();
        } catch (RuntimeException e) {
          reason = "unexpected error: " + e;
          log.error("camera {}: unexpected error", camera.id(), e);
        } finally {
          metrics.connected(false);
        }
        loopingFile = false;
        if (!running) {
          break;
        }
        state = CameraState.RECONNECTING;
        Duration delay = backoff.next();
        log.warn("camera {}: {}; reconnecting in {} ms", camera.id(), reason, delay.toMillis());
        metrics.reconnects.increment();
        Thread.sleep(delay.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // stop() asked; fall through to the end of the thread
    } catch (RuntimeException e) {
      fail("cannot run: " + e);
      log.error("camera {}: stopped", camera.id(), e);
    }
  }

  private StreamEnd readStream(
      VideoSource stream, JpegEncoder encoder, SequenceAllocator sequences, Backoff backoff)
      throws SourceException, InterruptedException {
    while (running) {
      org.bytedeco.javacv.Frame decoded = stream.grab();
      if (decoded == null) {
        if (!stream.isFile()) {
          throw new SourceException("the stream ended (camera closed the connection)");
        }
        return camera.loop() ? StreamEnd.LOOP : StreamEnd.FINISHED;
      }
      if (decoded.image == null) {
        continue;
      }
      metrics.decoded.increment();
      fpsIn.mark();
      backoff.reset();
      long nowMicros = System.currentTimeMillis() * 1000;
      if (!clock.isAnchored()) {
        clock.anchor(stream.startTimeRealtimeMicros(), nowMicros, decoded.timestamp);
      }
      long streamMicros = clock.streamMicros(decoded.timestamp);
      if (stream.isFile() && camera.realtime()) {
        paceTo(clock.dueEpochMicros(streamMicros));
      }
      lastDecodedCaptureMs.set(clock.captureEpochMillis(streamMicros));
      if (!sampler.take(streamMicros)) {
        continue;
      }
      metrics.sampled.increment();
      org.bytedeco.javacv.Frame bgr = stream.toBgr(decoded);
      ByteBuffer pixels = (ByteBuffer) bgr.image[0];
      if (!motion.moved(pixels, bgr.imageWidth, bgr.imageHeight, bgr.imageStride)) {
        metrics.skippedNoMotion.increment();
        continue;
      }
      long started = System.nanoTime();
      byte[] jpeg = encoder.encode(bgr, camera.jpegQuality());
      metrics.encode.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      long seq = sequences.next();
      lastSeq.set(seq);
      io.platestream.schemas.Frame frame =
          io.platestream.schemas.Frame.newBuilder()
              .setCameraId(camera.id())
              .setSeq(seq)
              .setCaptureTimeMs(clock.captureEpochMillis(streamMicros))
              .setIngestTimeMs(System.currentTimeMillis())
              .setWidth(bgr.imageWidth)
              .setHeight(bgr.imageHeight)
              .setJpeg(ByteBuffer.wrap(jpeg))
              .setSourceUri(source)
              .build();
      if (stream.isFile() && !camera.realtime()) {
        queue.put(frame); // a file read flat out waits for Kafka: nothing to lose by waiting
      } else if (queue.offer(frame) != null) {
        metrics.droppedQueueFull.increment();
      }
    }
    return StreamEnd.STOPPED;
  }

  private static void paceTo(long dueEpochMicros) throws InterruptedException {
    long waitMicros = dueEpochMicros - System.currentTimeMillis() * 1000;
    if (waitMicros > 1000) {
      TimeUnit.MICROSECONDS.sleep(waitMicros);
    }
  }

  private void fail(String why) {
    reason = why;
    state = CameraState.FAILED;
    log.error("camera {}: {}", camera.id(), why);
  }

  private static void joinQuietly(Thread thread, Duration timeout) {
    try {
      thread.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
