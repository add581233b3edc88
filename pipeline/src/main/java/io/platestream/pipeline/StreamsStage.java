package io.platestream.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.platestream.platform.StreamsStageConfig;
import io.platestream.schemas.Transient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * One stage's Kafka Streams client, exactly-once, with Kafka Streams' own metrics (lag, rates)
 * bound to the stage's meters. A failure that escapes the topology's dead-letter handling stops the
 * client rather than skipping records silently; {@link #ended} then counts down and {@link
 * #failure} says why. Closing leaves the consumer group, so a restart rebalances at once.
 */
public final class StreamsStage implements AutoCloseable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StreamsStage.class);

  private final String name;
  private final KafkaStreams streams;
  private final KafkaStreamsMetrics metrics;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final TransientWaits waiting = new TransientWaits();

  /**
   * Starts {@code topology} as application {@code platestream-<name>}, or {@code applicationId}
   * when given.
   */
  public static StreamsStage start(
      String name,
      String applicationId,
      Topology topology,
      String bootstrapServers,
      Path stateDir,
      MeterRegistry meters) {
    return start(name, applicationId, topology, bootstrapServers, stateDir, null, meters);
  }

  /** The same, as the static group member {@code instanceId} when it is given. */
  public static StreamsStage start(
      String name,
      String applicationId,
      Topology topology,
      String bootstrapServers,
      Path stateDir,
      String instanceId,
      MeterRegistry meters) {
    return new StreamsStage(
        name, applicationId, topology, bootstrapServers, stateDir, instanceId, meters);
  }

  private StreamsStage(
      String name,
      String applicationId,
      Topology topology,
      String bootstrapServers,
      Path stateDir,
      String instanceId,
      MeterRegistry meters) {
    this.name = name;
    this.streams =
        new KafkaStreams(
            topology,
            StreamsStageConfig.properties(
                applicationId == null ? "platestream-" + name : applicationId,
                bootstrapServers,
                stateDir,
                instanceId));
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
            ended.countDown();
          }
        });
    streams.setUncaughtExceptionHandler(
        e -> {
          if (Transient.in(e)) {
            // A service away (the schema registry): the transaction is aborted and a new thread
            // takes the same records again from the last commit, after a pause that grows.
            long waitMs = waiting.next(e);
            log.warn(
                "{} stage: {}; trying the same records again in {} ms",
                name,
                rootMessage(e),
                waitMs);
            sleep(waitMs);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
          }
          failure.set(e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    this.metrics = new KafkaStreamsMetrics(streams);
    metrics.bindTo(meters);
    streams.start();
  }

  /** Counted down when the client stops by itself (an error) or is closed. */
  public CountDownLatch ended() {
    return ended;
  }

  /** What stopped the stage, or null. */
  public Throwable failure() {
    return failure.get();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * Records waiting in the stage's input partitions (the main consumer's {@code records-lag},
   * summed over partitions); 0 before the first fetch.
   */
  public long consumerLag() {
    double lag = 0;
    for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
      MetricName name = metric.getKey();
      String client = name.tags().getOrDefault("client-id", "");
      if (name.name().equals("records-lag")
          && name.group().equals("consumer-fetch-manager-metrics")
          && name.tags().containsKey("partition")
          && !client.contains("restore")
          && metric.getValue().metricValue() instanceof Double value
          && !value.isNaN()) {
        lag += value;
      }
    }
    return (long) lag;
  }

  /** The stage's status page: its name, state and failure, then {@code more}. */
  public Map<String, Object> status(Map<String, Object> more) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("stage", name);
    status.put("state", streams.state().name());
    status.put("waitingFor", waiting.current());
    Throwable cause = failure.get();
    status.put("failure", cause == null ? "" : cause.toString());
    status.put("consumerLag", consumerLag());
    status.putAll(more);
    return status;
  }

  @Override
  public void close() {
    try (metrics) {
      streams.close(
          CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(Duration.ofSeconds(30)));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The waits between tries while a service is away: 1 s doubling to 30 s, reset once the stage has
   * run a minute without a transient failure; and what it waits for, for the status page.
   */
  static final class TransientWaits {
    private static final long FIRST_MS = 1_000;
    private static final long MAX_MS = 30_000;
    private long nextMs = FIRST_MS;
    private long lastFailureMs;
    private volatile String waitingFor = "";

    synchronized long next(Throwable failure) {
      long now = System.currentTimeMillis();
      if (now - lastFailureMs > 60_000) {
        nextMs = FIRST_MS;
      }
      lastFailureMs = now;
      waitingFor = rootMessage(failure);
      long wait = nextMs;
      nextMs = Math.min(nextMs * 2, MAX_MS);
      return wait;
    }

    /** What the stage last waited for, while that was within a minute; else empty. */
    synchronized String current() {
      return System.currentTimeMillis() - lastFailureMs > 60_000 ? "" : waitingFor;
    }
  }
}
