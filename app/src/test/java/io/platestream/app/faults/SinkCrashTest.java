package io.platestream.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.platestream.bench.soak.StageProcess;
import io.platestream.pipeline.KafkaConnection;
import io.platestream.pipeline.StageTopics;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.KafkaClients;
import io.platestream.schemas.ContractExamples;
import io.platestream.schemas.HotlistAlert;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.schemas.serde.AvroSerializer;
import io.platestream.sink.testing.LocalPostgres;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code platestream sink} in a JVM of its own, with a real PostgreSQL history and a webhook,
 * SIGKILLed three times while events stream in (no shutdown hook, no commit) and started again with
 * the same state directory. After the last run has drained: the history holds exactly one row per
 * event sent, the hotlist wrote exactly one alert per watchlisted event (read committed), and the
 * webhook received every alert. The webhook is at least once across a kill (a post that landed
 * before its offset was committed is posted again, with the same {@code Idempotency-Key}), so the
 * test counts the repeats and checks that none is missing.
 */
class SinkCrashTest {
  private static final int KILLS = 3;
  private static final String WATCHED_PREFIX = "京A9";

  @TempDir Path dir;

  @Test
  void sinkKilledMidStreamStoresEveryEventOnceAndAlertsOnce() throws Exception {
    try (EmbeddedPlatform platform = EmbeddedPlatform.start();
        SchemaRegistryClient registry = platform.newRegistryClient();
        LocalPostgres postgres = LocalPostgres.start()) {
      String bootstrap = platform.bootstrapServers();
      new KafkaConnection(bootstrap, platform.schemaRegistryUrl(), 2)
          .ensureTopics(StageTopics.all());
      List<String> delivered = Collections.synchronizedList(new ArrayList<>());
      HttpServer receiver = webhookReceiver(delivered);
      List<String> arguments = sinkArguments(platform, postgres, receiver);
      Path log = dir.resolve("sink.log");

      List<String> sent = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean sending = new AtomicBoolean(true);
      Thread producer = new Thread(() -> sendEvents(platform, registry, sent, sending));
      producer.start();
      int midStream = 0;
      Random pause = new Random(27);
      try {
        for (int kill = 0; kill < KILLS; kill++) {
          long before = rows(postgres);
          try (StageProcess sink = StageProcess.start(log, arguments)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && sink.alive() && rows(postgres) < before + 10) {
              Thread.sleep(50);
            }
            assertThat(rows(postgres)).as(sink.logTail()).isGreaterThanOrEqualTo(before + 10);
            // Somewhere in the poll, store, commit cycle: not always just after a commit.
            Thread.sleep(pause.nextInt(400));
            int sentAtKill = sent.size();
            sink.kill();
            // Mid-stream: events kept arriving while the sink was down, so the next run catches up.
            Thread.sleep(200);
            if (sent.size() > sentAtKill) {
              midStream++;
            }
          }
        }
      } finally {
        sending.set(false);
        producer.join();
      }
      Set<String> expectedEvents = new HashSet<>(sent);
      Set<String> expectedAlerts = new HashSet<>();
      for (String eventId : sent) {
        if (isWatched(eventId)) {
          expectedAlerts.add(eventId + "/stolen/e1");
        }
      }

      List<HotlistAlert> alerts;
      try (StageProcess sink = StageProcess.start(log, arguments)) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline
            && sink.alive()
            && !(rows(postgres) == expectedEvents.size()
                && new HashSet<>(delivered).containsAll(expectedAlerts))) {
          Thread.sleep(500);
        }
        assertThat(sink.alive()).as(sink.logTail()).isTrue();
        alerts = committedAlerts(bootstrap, registry);
      } finally {
        receiver.stop(0);
      }

      Set<String> stored = storedEventIds(postgres);
      Set<String> alertIds = new HashSet<>();
      alerts.forEach(alert -> alertIds.add(alert.getAlertId()));
      Set<String> deliveredIds = new LinkedHashSet<>(delivered);
      System.out.printf(
          "sink (SIGKILL x%d, %d mid-stream): events in %d, rows %d, alerts %d of %d,"
              + " webhook deliveries %d (%d repeated), duplicates %d%n",
          KILLS,
          midStream,
          sent.size(),
          stored.size(),
          alerts.size(),
          expectedAlerts.size(),
          delivered.size(),
          delivered.size() - deliveredIds.size(),
          alerts.size() - alertIds.size());
      assertThat(midStream).as("kills while events were still arriving").isEqualTo(KILLS);
      assertThat(expectedAlerts).as("some events are watchlisted").isNotEmpty();
      assertThat(stored).as("exactly one row per event sent").isEqualTo(expectedEvents);
      assertThat(rows(postgres)).isEqualTo(sent.size());
      assertThat(alertIds).as("one alert per watchlisted event").isEqualTo(expectedAlerts);
      assertThat(alerts).as("no alert written twice").hasSize(expectedAlerts.size());
      assertThat(deliveredIds).as("every alert reached the webhook").isEqualTo(expectedAlerts);
      // Each alert's offset is committed right after its post: a kill repeats at most one.
      assertThat(delivered.size() - deliveredIds.size())
          .as("webhook posts repeated after a kill")
          .isLessThanOrEqualTo(KILLS);
    }
  }

  /** Every tenth event is a plate of the watchlist; the ids of what was acknowledged. */
  private static void sendEvents(
      EmbeddedPlatform platform,
      SchemaRegistryClient registry,
      List<String> sent,
      AtomicBoolean sending) {
    try (KafkaProducer<String, PlateEvent> producer =
        new KafkaProducer<>(
            KafkaClients.reliableProducer(platform.bootstrapServers()),
            new StringSerializer(),
            new AvroSerializer<>(registry))) {
      for (int n = 1; sending.get(); n++) {
        String camera = n % 2 == 0 ? "gate-east" : "gate-west";
        String eventId = camera + "/" + n;
        String plate = String.format("%s%04d", n % 10 == 0 ? WATCHED_PREFIX : "沪B", n % 10_000);
        PlateEvent event =
            PlateEvent.newBuilder(ContractExamples.event())
                .setEventId(eventId)
                .setCameraId(camera)
                .setPlate(plate)
                .setProvisional(false)
                .setFirstSeenMs(System.currentTimeMillis() - 1_000)
                .setLastSeenMs(System.currentTimeMillis())
                .setEmitTimeMs(System.currentTimeMillis())
                .build();
        producer.send(new ProducerRecord<>(Topics.EVENTS, camera, event)).get();
        sent.add(eventId);
        Thread.sleep(25);
      }
    } catch (Exception e) {
      throw new IllegalStateException("sending events failed", e);
    }
  }

  private static boolean isWatched(String eventId) {
    return Integer.parseInt(eventId.substring(eventId.indexOf('/') + 1)) % 10 == 0;
  }

  private List<String> sinkArguments(
      EmbeddedPlatform platform, LocalPostgres postgres, HttpServer receiver) throws Exception {
    Path watchlists = dir.resolve("watchlists.yaml");
    Files.writeString(
        watchlists,
        """
        watchlists:
          - name: stolen
            entries:
              - id: e1
                pattern: "%s.*"
                label: stolen vehicle
        """
            .formatted(WATCHED_PREFIX));
    return List.of(
        "sink",
        "--bootstrap-servers",
        platform.bootstrapServers(),
        "--schema-registry",
        platform.schemaRegistryUrl(),
        "--history-url",
        postgres.jdbcUrl(),
        "--history-user",
        LocalPostgres.USER,
        "--history-password",
        LocalPostgres.PASSWORD,
        "--watchlists",
        watchlists.toString(),
        "--webhook",
        "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
        "--http-port",
        "0",
        "--state-dir",
        dir.resolve("sink").toString());
  }

  /** A receiver that answers 204 and keeps each post's idempotency key, in arrival order. */
  private static HttpServer webhookReceiver(List<String> delivered) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          delivered.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    return server;
  }

  private static List<HotlistAlert> committedAlerts(
      String bootstrap, SchemaRegistryClient registry) {
    return KafkaClients.readAll(
        bootstrap,
        Topics.ALERTS,
        new AvroDeserializer<>(HotlistAlert.class, registry),
        Duration.ofSeconds(60));
  }

  private static long rows(LocalPostgres postgres) throws Exception {
    return storedEventIds(postgres).size();
  }

  /** The history's event ids; empty before the sink has created its table. */
  private static Set<String> storedEventIds(LocalPostgres postgres) throws Exception {
    Set<String> ids = new HashSet<>();
    try (Connection c =
            DriverManager.getConnection(
                postgres.jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD);
        Statement s = c.createStatement()) {
      ResultSet exists = s.executeQuery("SELECT to_regclass('plate_events') IS NOT NULL");
      exists.next();
      if (!exists.getBoolean(1)) {
        return ids;
      }
      try (ResultSet r = s.executeQuery("SELECT event_id FROM plate_events")) {
        while (r.next()) {
          if (!ids.add(r.getString(1))) {
            throw new AssertionError("event " + r.getString(1) + " stored twice");
          }
        }
      }
    }
    return ids;
  }
}
