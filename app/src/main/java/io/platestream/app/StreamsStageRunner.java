package io.platestream.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.platestream.pipeline.StreamsStage;
import io.platestream.platform.OperatorEndpoint;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.Topology;

/**
 * Runs a stage's topology until the command is told to stop, with its meters and a status page on
 * the operator endpoint.
 */
final class StreamsStageRunner {
  private StreamsStageRunner() {}

  static int run(
      PrintWriter out,
      StreamsOptions membership,
      String stage,
      Topology topology,
      KafkaOptions kafka,
      RunOptions run,
      OperatorOptions operator,
      int defaultHttpPort,
      PrometheusMeterRegistry meters,
      Supplier<Map<String, Object>> moreStatus)
      throws InterruptedException {
    StreamsStage streams =
        StreamsStage.start(
            stage,
            null,
            topology,
            kafka.bootstrapServers,
            run.stateDir(stage),
            membership.instanceId,
            meters);
    try (streams;
        OperatorEndpoint endpoint =
            OperatorEndpoint.start(
                "0.0.0.0",
                run.httpPort(defaultHttpPort),
                operator.token,
                meters,
                Map.of("/status", () -> streams.status(moreStatus.get())))) {
      out.printf(
          "%s stage running on %s; status at %s/status, metrics at %s/metrics%n",
          stage, kafka.bootstrapServers, endpoint.url(), endpoint.url());
      out.flush();
      // Poison records go to dead-letter topics; anything that still escapes stops the stage.
      run.awaitStop(streams.ended());
    }
    if (streams.failure() != null) {
      throw new IllegalStateException(
          stage + " stage stopped: " + streams.failure().getMessage(), streams.failure());
    }
    out.printf("%s stage stopped (%s).%n", stage, streams.state());
    return 0;
  }
}
