package io.platestream.app;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.platform.StreamsStageConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * Runs a stage's topology exactly-once until told to stop, with its meters, Kafka Streams' own
 * metrics (lag, rates) and a status page on the operator endpoint.
 */
final class StreamsStageRunner {
  private StreamsStageRunner() {}

  static int run(
      PrintWriter out,
      String stage,
      Topology topology,
      KafkaOptions kafka,
      RunOptions run,
      int defaultHttpPort,
      PrometheusMeterRegistry meters,
      java.util.function.Supplier<Map<String, Object>> moreStatus)
      throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    KafkaStreams streams =
        new KafkaStreams(
            topology,
            StreamsStageConfig.properties(
                "platestream-" + stage, kafka.bootstrapServers, run.stateDir(stage)));
    // Poison records go to dead-letter topics; anything that still escapes stops this process
    // rather than skipping records silently.
    CountDownLatch ended = new CountDownLatch(1);
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
            ended.countDown();
          }
        });
    streams.setUncaughtExceptionHandler(
        e -> {
          failure.set(e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    try (KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        OperatorEndpoint endpoint =
            OperatorEndpoint.start(
                "0.0.0.0",
                run.httpPort(defaultHttpPort),
                meters,
                Map.of("/status", () -> status(stage, streams, failure.get(), moreStatus.get())))) {
      streamsMetrics.bindTo(meters);
      streams.start();
      out.printf(
          "%s stage running on %s; status at %s/status, metrics at %s/metrics%n",
          stage, kafka.bootstrapServers, endpoint.url(), endpoint.url());
      out.flush();
      run.awaitStop(ended);
    } finally {
      streams.close(
          CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(Duration.ofSeconds(30)));
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          stage + " stage stopped: " + failure.get().getMessage(), failure.get());
    }
    out.printf("%s stage stopped (%s).%n", stage, streams.state());
    return 0;
  }

  private static Map<String, Object> status(
      String stage, KafkaStreams streams, Throwable failure, Map<String, Object> more) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("stage", stage);
    status.put("state", streams.state().name());
    status.put("failure", failure == null ? "" : failure.toString());
    status.putAll(more);
    return status;
  }
}
