package io.platestream.ingest.publish;

import io.platestream.schemas.Frame;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one camera's encoded frames from its queue to Kafka. At most {@code maxInFlight} frames are
 * with the producer unacknowledged: while the broker is away the producer's buffer stays small and
 * the backlog piles up in the drop-oldest queue instead, where it is bounded and counted.
 */
public final class FramePublisher implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(FramePublisher.class);

  /** What happened to each frame handed over. */
  public interface Outcome {
    void published(Frame frame);

    void failed(Frame frame, Exception cause);
  }

  private final Producer<String, Frame> producer;
  private final String topic;
  private final DropOldestQueue<Frame> queue;
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final Outcome outcome;
  private volatile boolean running = true;

  public FramePublisher(
      Producer<String, Frame> producer,
      String topic,
      DropOldestQueue<Frame> queue,
      int maxInFlight,
      Outcome outcome) {
    this.producer = producer;
    this.topic = topic;
    this.queue = queue;
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
    this.outcome = outcome;
  }

  @Override
  public void run() {
    try {
      while (running || queue.size() > 0) {
        Frame frame = queue.poll(200, TimeUnit.MILLISECONDS);
        if (frame != null) {
          send(frame);
        }
      }
      // Wait for the last acknowledgements, so that a stopped camera's counts are final.
      inFlight.tryAcquire(maxInFlight, 30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void send(Frame frame) throws InterruptedException {
    inFlight.acquire();
    try {
      producer.send(
          new ProducerRecord<>(topic, frame.getCameraId().toString(), frame),
          (metadata, error) -> {
            inFlight.release();
            if (error == null) {
              outcome.published(frame);
            } else {
              outcome.failed(frame, error);
            }
          });
    } catch (RuntimeException e) {
      // Metadata not available within max.block.ms, a frame too large for the topic, ...
      inFlight.release();
      log.warn(
          "camera {}: frame {} not published: {}",
          frame.getCameraId(),
          frame.getSeq(),
          e.toString());
      outcome.failed(frame, e);
    }
  }

  /** Publishes what is queued, then returns from {@link #run}. */
  public void stop() {
    running = false;
  }
}
