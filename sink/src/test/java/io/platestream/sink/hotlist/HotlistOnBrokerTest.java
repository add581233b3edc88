package io.platestream.sink.hotlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.StreamsStageConfig;
import io.platestream.schemas.AlertSeverity;
import io.platestream.schemas.HotlistMatchType;
import io.platestream.schemas.Watchlist;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.sink.testing.SinkTopics;
import io.platestream.testing.EmbeddedPlatformExtension;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watchlists managed on their topic, alerts raised exactly once across a restart of the stage, and
 * each alert posted to a webhook that fails at first: all on the real broker.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class HotlistOnBrokerTest {
  private static final WebhookSignature SIGNATURE =
      new WebhookSignature("webhook-secret-0123456789");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void alertsOnceAcrossARestartAndReachAFlakyWebhookInOrder(
      EmbeddedPlatform platform, @TempDir Path state) throws Exception {
    HotlistTopology.TopicNames topics = SinkTopics.create(platform);
    String applicationId = "hotlist-" + UUID.randomUUID();
    List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
    List<String> keys = Collections.synchronizedList(new ArrayList<>());
    List<Boolean> signed = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger attempts = new AtomicInteger();
    HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          // The first two attempts fail as a receiver under maintenance would.
          int status = attempts.incrementAndGet() <= 2 ? 503 : 204;
          if (status == 204) {
            received.add(JSON.readTree(body));
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            signed.add(
                SIGNATURE.verify(
                    exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER),
                    body,
                    System.currentTimeMillis(),
                    Duration.ofMinutes(5)));
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    webhook.start();

    try (SchemaRegistryClient schemas = platform.newRegistryClient();
        WatchlistCatalog catalog =
            new WatchlistCatalog(platform.bootstrapServers(), schemas, topics.watchlists())) {
      Watchlist stolen =
          catalog.put(
              new Watchlist(
                  "stolen",
                  List.of(
                      HotlistTopologyTest.entry(
                          "e1", HotlistMatchType.EXACT, "京A12345", AlertSeverity.CRITICAL),
                      HotlistTopologyTest.entry(
                          "e2", HotlistMatchType.FUZZY, "沪B67890", AlertSeverity.WARNING)),
                  0L));
      // A list whose one alert marks the end: events are processed in order, so when it arrives,
      // every event before it has been matched.
      catalog.put(
          new Watchlist(
              "end",
              List.of(
                  HotlistTopologyTest.entry(
                      "e9", HotlistMatchType.EXACT, "粤Z99999", AlertSeverity.INFO)),
              0L));
      assertThat(catalog.all()).containsOnlyKeys("end", "stolen");
      assertThat(catalog.get("stolen").orElseThrow().getEntries()).hasSize(2);
      assertThat(stolen.getUpdatedTimeMs()).isPositive();
      assertThatThrownBy(() -> catalog.put(new Watchlist("Bad Name", List.of(), 0L)))
          .hasMessageContaining("watchlist name 'Bad Name' must be");

      try (WebhookNotifier notifier =
          new WebhookNotifier(
                  platform.bootstrapServers(),
                  schemas,
                  topics.alerts(),
                  "webhook-" + UUID.randomUUID(),
                  URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook"),
                  SIGNATURE,
                  Duration.ofMillis(400),
                  new SimpleMeterRegistry())
              .start()) {
        KafkaStreams first = start(platform, schemas, topics, applicationId, state);
        SinkTopics.produce(
            platform, schemas, topics.events(), HotlistTopologyTest.event("gate/1", "京A12345"));
        await(() -> received.size() >= 1);
        close(first);

        // Restarted: the same event comes again (a replay upstream), then a new one.
        KafkaStreams second = start(platform, schemas, topics, applicationId, state);
        SinkTopics.produce(
            platform, schemas, topics.events(), HotlistTopologyTest.event("gate/1", "京A12345"));
        SinkTopics.produce(
            platform, schemas, topics.events(), HotlistTopologyTest.event("gate/2", "沪B67899"));
        SinkTopics.produce(
            platform, schemas, topics.events(), HotlistTopologyTest.event("gate/3", "京A12346"));
        SinkTopics.produce(
            platform, schemas, topics.events(), HotlistTopologyTest.event("gate/9", "粤Z99999"));
        await(() -> keys.contains("gate/9/end/e9"));
        close(second);
        assertThat(catalog.delete("stolen")).isTrue();
        assertThat(catalog.delete("stolen")).isFalse();
        assertThat(catalog.all()).containsOnlyKeys("end");
      }
    } finally {
      webhook.stop(0);
    }

    assertThat(keys).containsExactly("gate/1/stolen/e1", "gate/2/stolen/e2", "gate/9/end/e9");
    assertThat(signed)
        .as("every delivered alert carries a valid signature")
        .isNotEmpty()
        .allMatch(ok -> ok);
    assertThat(
            new WebhookSignature("another secret, 16+ chars")
                .verify(
                    SIGNATURE.sign(1_000, new byte[] {1}),
                    new byte[] {1},
                    1_000,
                    Duration.ofMinutes(5)))
        .as("a receiver with another secret refuses it")
        .isFalse();
    assertThat(
            SIGNATURE.verify(
                SIGNATURE.sign(1_000, new byte[] {1}),
                new byte[] {2},
                1_000,
                Duration.ofMinutes(5)))
        .as("a changed body")
        .isFalse();
    assertThat(
            SIGNATURE.verify(
                SIGNATURE.sign(1_000, new byte[] {1}),
                new byte[] {1},
                1_000_000,
                Duration.ofMinutes(5)))
        .as("a replay long after")
        .isFalse();
    assertThat(received.get(0).get("severity").asText()).isEqualTo("CRITICAL");
    assertThat(received.get(0).get("event").get("plate").asText()).isEqualTo("京A12345");
    assertThat(received.get(1).get("matchType").asText()).isEqualTo("FUZZY");
    assertThat(received.get(1).get("editDistance").asInt()).isEqualTo(1);
    assertThat(attempts.get()).as("two failures, then one post per alert").isEqualTo(5);
  }

  private static KafkaStreams start(
      EmbeddedPlatform platform,
      SchemaRegistryClient schemas,
      HotlistTopology.TopicNames topics,
      String applicationId,
      Path state) {
    KafkaStreams streams =
        new KafkaStreams(
            HotlistTopology.build(schemas, topics, new HotlistMetrics(new SimpleMeterRegistry())),
            StreamsStageConfig.properties(
                applicationId, platform.bootstrapServers(), state.resolve("streams")));
    streams.start();
    return streams;
  }

  private static void close(KafkaStreams streams) {
    streams.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(30)));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out");
      }
      Thread.sleep(50);
    }
  }
}
