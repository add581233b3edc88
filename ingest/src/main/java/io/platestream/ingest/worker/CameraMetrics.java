package io.platestream.ingest.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One camera's meters, tagged {@code camera=<id>}; the status page reads the same counters, so the
 * two never disagree. Removed from the registry when the camera is stopped.
 */
final class CameraMetrics implements AutoCloseable {
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private final AtomicInteger connected = new AtomicInteger();
  final Counter decoded;
  final Counter sampled;
  final Counter skippedNoMotion;
  final Counter published;
  final Counter droppedQueueFull;
  final Counter droppedPublishFailed;
  final Counter reconnects;
  final Timer encode;

  CameraMetrics(
      MeterRegistry registry,
      String cameraId,
      Supplier<Number> queueSize,
      Supplier<Number> lagMillis) {
    this.registry = registry;
    decoded =
        counter("platestream.ingest.frames.decoded", cameraId, "Frames decoded from the stream");
    sampled =
        counter("platestream.ingest.frames.sampled", cameraId, "Frames taken at the sample rate");
    skippedNoMotion =
        register(
            Counter.builder("platestream.ingest.frames.skipped")
                .description("Sampled frames not published: no motion in the region of interest")
                .tag("camera", cameraId)
                .tag("reason", "no_motion")
                .register(registry));
    published =
        counter("platestream.ingest.frames.published", cameraId, "Frames acknowledged by Kafka");
    droppedQueueFull = dropped(cameraId, "queue_full");
    droppedPublishFailed = dropped(cameraId, "publish_failed");
    reconnects =
        counter("platestream.ingest.reconnects", cameraId, "Connection attempts after a failure");
    encode =
        register(
            Timer.builder("platestream.ingest.encode")
                .description("JPEG encoding time per published frame")
                .tag("camera", cameraId)
                .register(registry));
    register(
        Gauge.builder("platestream.ingest.queue.frames", queueSize)
            .description("Encoded frames waiting for Kafka")
            .tag("camera", cameraId)
            .register(registry));
    register(
        Gauge.builder("platestream.ingest.lag.seconds", () -> lagMillis.get().doubleValue() / 1000)
            .description("Now minus the capture time of the latest decoded frame")
            .tag("camera", cameraId)
            .register(registry));
    register(
        Gauge.builder("platestream.ingest.connected", connected, AtomicInteger::get)
            .description("1 while the camera's stream is open")
            .tag("camera", cameraId)
            .register(registry));
  }

  void connected(boolean isConnected) {
    connected.set(isConnected ? 1 : 0);
  }

  long dropped() {
    return (long) (droppedQueueFull.count() + droppedPublishFailed.count());
  }

  private Counter counter(String name, String cameraId, String description) {
    return register(
        Counter.builder(name).description(description).tag("camera", cameraId).register(registry));
  }

  private Counter dropped(String cameraId, String reason) {
    return register(
        Counter.builder("platestream.ingest.frames.dropped")
            .description("Encoded frames that never reached Kafka")
            .tag("camera", cameraId)
            .tag("reason", reason)
            .register(registry));
  }

  private <M extends Meter> M register(M meter) {
    meters.add(meter);
    return meter;
  }

  @Override
  public void close() {
    meters.forEach(registry::remove);
  }
}
