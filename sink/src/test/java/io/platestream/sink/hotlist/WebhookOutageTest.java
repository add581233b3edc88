package io.platestream.sink.hotlist;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.ContractExamples;
import io.platestream.schemas.HotlistAlert;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroSerializer;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The webhook's receiver is not listening at all (connections refused) while alerts arrive; once it
 * is, every alert reaches it exactly once, in order.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class WebhookOutageTest {
  private static final int ALERTS = 6;
  private static final long REFUSED_MS = 60_000; // a minute, as the fault list asks

  @Test
  void alertsWaitOutARefusingReceiverAndArriveOnceInOrder(EmbeddedPlatform platform)
      throws Exception {
    String topic = TestTopics.create(platform, "alerts", 1);
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort(); // nothing listens here until the receiver starts
    }
    List<String> received = Collections.synchronizedList(new ArrayList<>());
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (SchemaRegistryClient schemas = platform.newRegistryClient();
        WebhookNotifier notifier =
            new WebhookNotifier(
                    platform.bootstrapServers(),
                    schemas,
                    topic,
                    "webhook-" + UUID.randomUUID(),
                    URI.create("http://127.0.0.1:" + port + "/hook"),
                    null,
                    Duration.ofSeconds(2),
                    meters)
                .start();
        KafkaProducer<String, HotlistAlert> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
                new StringSerializer(),
                new AvroSerializer<>(schemas))) {
      for (int i = 0; i < ALERTS; i++) {
        HotlistAlert alert =
            HotlistAlert.newBuilder(ContractExamples.alert()).setAlertId("alert-" + i).build();
        producer.send(new ProducerRecord<>(topic, alert.getPlate(), alert)).get();
      }
      long refusedFor = System.currentTimeMillis() + REFUSED_MS;
      while (System.currentTimeMillis() < refusedFor) {
        Thread.sleep(500);
      }
      double retried = meters.get("platestream.webhook.retries").counter().count();
      assertThat(retried).as("the notifier kept trying while refused").isPositive();
      assertThat(notifier.problem()).isEmpty();

      HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      receiver.createContext(
          "/hook",
          exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          });
      receiver.start();
      try {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received.size() < ALERTS && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        Thread.sleep(2_000); // a repeat would come now
      } finally {
        receiver.stop(0);
      }
      System.out.printf(
          "webhook outage: %d s refused, %d alerts, %.0f retries, delivered %d%n",
          REFUSED_MS / 1000, ALERTS, retried, received.size());
      assertThat(received)
          .containsExactly("alert-0", "alert-1", "alert-2", "alert-3", "alert-4", "alert-5");
    }
  }
}
