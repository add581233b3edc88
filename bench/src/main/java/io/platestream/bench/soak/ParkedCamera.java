package io.platestream.bench.soak;

import io.platestream.datasets.image.Images;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.Scene;
import io.platestream.datasets.render.SceneConfig;
import io.platestream.datasets.render.SceneRenderer;
import io.platestream.schemas.Frame;
import io.platestream.schemas.Topics;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera looking at a parked car: the same scene, with the same plate, every frame for as long as
 * the soak runs (the case that grew a vehicle pass without bound). One frame in {@code poisonEvery}
 * carries a broken JPEG inside valid Avro, which the detector must dead-letter and go on.
 */
final class ParkedCamera implements AutoCloseable {
  static final String CAMERA = "parked";
  private static final Logger log = LoggerFactory.getLogger(ParkedCamera.class);

  private final Producer<String, Frame> producer;
  private final byte[] jpeg;
  private final int width;
  private final int height;
  private final long intervalMs;
  private final int poisonEvery;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong poisoned = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  ParkedCamera(Producer<String, Frame> producer, double fps, int poisonEvery) {
    this.producer = producer;
    Scene scene =
        new SceneRenderer(SceneConfig.defaults().withSize(1280, 720).clean(), PlateFonts.load())
            .render(4242);
    this.jpeg = Images.jpeg(scene.image(), 90);
    this.width = scene.image().getWidth();
    this.height = scene.image().getHeight();
    this.intervalMs = Math.round(1000 / fps);
    this.poisonEvery = poisonEvery;
    this.thread = new Thread(this::run, "parked-camera");
    thread.setDaemon(true);
    thread.start();
  }

  /** Frames handed to Kafka and acknowledged, poison included. */
  long sent() {
    return sent.get();
  }

  long poisoned() {
    return poisoned.get();
  }

  private void run() {
    long seq = 0;
    while (running) {
      seq++;
      boolean poison = seq % poisonEvery == 0;
      long now = System.currentTimeMillis();
      Frame frame =
          Frame.newBuilder()
              .setCameraId(CAMERA)
              .setSeq(seq)
              .setCaptureTimeMs(now)
              .setIngestTimeMs(now)
              .setWidth(width)
              .setHeight(height)
              .setJpeg(ByteBuffer.wrap(poison ? new byte[] {(byte) 0xFF, (byte) 0xD8, 1} : jpeg))
              .setSourceUri("soak:parked")
              .build();
      try {
        // Waits for the broker (through a bounce too): a frame is counted once it is in Kafka.
        producer.send(new ProducerRecord<>(Topics.FRAMES, CAMERA, frame)).get();
        sent.incrementAndGet();
        if (poison) {
          poisoned.incrementAndGet();
        }
      } catch (Exception e) {
        log.warn("parked camera: frame {} not sent: {}", seq, e.toString());
      }
      try {
        Thread.sleep(intervalMs);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(30_000);
  }
}
