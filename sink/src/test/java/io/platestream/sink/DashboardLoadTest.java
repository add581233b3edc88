package io.platestream.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.sink.hotlist.HotlistTopology;
import io.platestream.sink.testing.SinkTopics;
import io.platestream.sink.web.Access;
import io.platestream.testing.EmbeddedPlatformExtension;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded load on a real sink: {@value #CLIENTS} live-feed clients and {@value #QUERIERS} clients
 * querying the API while {@value #EVENTS} events arrive through Kafka, twice. Every request must
 * succeed, every live client must see every event, and the heap after the second round must be no
 * bigger than after the first (which filled the server's pools and the held events): a leak per
 * request or per client would show. Not a speed test: nothing here is timed.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class DashboardLoadTest {
  private static final int CLIENTS = 20;
  private static final int QUERIERS = 4;
  private static final int EVENTS = 400;
  private static final String TOKEN = "load-token-0123456789";

  @Test
  void liveClientsAndQueriesUnderLoadSeeEveryEventWithoutErrorsOrGrowingMemory(
      EmbeddedPlatform platform, @TempDir Path state) throws Exception {
    HotlistTopology.TopicNames topics = SinkTopics.create(platform);
    Access access =
        new Access(
            "operator", "correct horse", List.of(TOKEN), Duration.ofHours(1), Clock.systemUTC());
    HttpClient http = HttpClient.newHttpClient();
    try (SchemaRegistryClient schemas = platform.newRegistryClient();
        SinkService sink =
            SinkService.start(
                platform.bootstrapServers(),
                schemas,
                SinkService.Settings.of(access, state)
                    .withHttp("127.0.0.1", 0)
                    .withRecentEvents(100)
                    .withTopics(topics),
                OperatorEndpoint.newRegistry(),
                List::of)) {
      String url = sink.url();
      // Warm up: the server, the clients' code paths and the held events reach their steady size.
      produce(platform, schemas, topics, 0, 150);
      long warmUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (query(http, url + "/api/event?id=load/149").statusCode() != 200) {
        assertThat(System.nanoTime()).as("the warm-up events arrive").isLessThan(warmUp);
        Thread.sleep(100);
      }
      // Two identical rounds: the first fills what the server pools and caches (Jetty's buffers,
      // the held events), the second must not grow the heap beyond that.
      Round first = round(platform, schemas, topics, http, url, 1_000);
      long heapAfterFirst = settledHeap();
      Round second = round(platform, schemas, topics, http, url, 2_000);
      long heapAfterSecond = settledHeap();
      System.out.printf(
          "load: %d live clients, %d events a round; queries %d and %d, failed %d and %d;"
              + " heap after each round %d and %d MiB%n",
          CLIENTS,
          EVENTS,
          first.requests(),
          second.requests(),
          first.failures().size(),
          second.failures().size(),
          heapAfterFirst >> 20,
          heapAfterSecond >> 20);
      for (Round round : List.of(first, second)) {
        assertThat(round.failures()).as("failed requests of " + round.requests()).isEmpty();
        assertThat(round.requests()).isGreaterThan(100);
        assertThat(round.seen()).as("events each live client saw").allMatch(n -> n == EVENTS);
      }
      assertThat(heapAfterSecond - heapAfterFirst)
          .as("heap growth over the second round, bytes")
          .isLessThan(16L * 1024 * 1024);
    }
  }

  /** What one round of load saw. */
  private record Round(long requests, List<String> failures, List<Integer> seen) {}

  /**
   * {@value #CLIENTS} live clients and {@value #QUERIERS} queriers while {@value #EVENTS} arrive.
   */
  private static Round round(
      EmbeddedPlatform platform,
      SchemaRegistryClient schemas,
      HotlistTopology.TopicNames topics,
      HttpClient http,
      String url,
      int firstEvent)
      throws Exception {
    ConcurrentHashMap<Integer, AtomicInteger> seen = new ConcurrentHashMap<>();
    CountDownLatch connected = new CountDownLatch(CLIENTS);
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + QUERIERS);
    List<InputStream> streams = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      seen.put(client, new AtomicInteger());
      pool.submit(
          () -> {
            HttpResponse<InputStream> response =
                http.send(
                    authorized(url + "/api/stream").header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            synchronized (streams) {
              streams.add(response.body());
            }
            try (BufferedReader lines =
                new BufferedReader(
                    new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
              connected.countDown();
              for (String line; (line = lines.readLine()) != null; ) {
                if (line.equals("event: plate")) {
                  seen.get(client).incrementAndGet();
                }
              }
            }
            return null;
          });
    }
    assertThat(connected.await(30, TimeUnit.SECONDS)).as("live clients connected").isTrue();

    AtomicLong requests = new AtomicLong();
    List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean producing =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    String[] paths = {
      "/api/events?size=50",
      "/api/events?plate=" + URLEncoder.encode("京A1", StandardCharsets.UTF_8) + "&match=prefix",
      "/api/alerts",
      "/api/cameras",
      "/api/watchlists",
      "/api/status",
      "/api/openapi.json"
    };
    List<java.util.concurrent.Future<?>> queriers = new ArrayList<>();
    for (int q = 0; q < QUERIERS; q++) {
      int offset = q;
      queriers.add(
          pool.submit(
              () -> {
                for (int i = offset; producing.get(); i++) {
                  HttpResponse<String> response = query(http, url + paths[i % paths.length]);
                  requests.incrementAndGet();
                  if (response.statusCode() != 200) {
                    failures.add(paths[i % paths.length] + " -> " + response.statusCode());
                  }
                }
                return null;
              }));
    }
    produce(platform, schemas, topics, firstEvent, EVENTS);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (seen.values().stream().anyMatch(n -> n.get() < EVENTS) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    producing.set(false);
    for (var querier : queriers) {
      querier.get(30, TimeUnit.SECONDS);
    }

    synchronized (streams) {
      for (InputStream stream : streams) {
        stream.close();
      }
    }
    pool.shutdownNow();
    pool.awaitTermination(30, TimeUnit.SECONDS);
    return new Round(
        requests.get(),
        List.copyOf(failures),
        seen.values().stream().map(AtomicInteger::get).toList());
  }

  private static void produce(
      EmbeddedPlatform platform,
      SchemaRegistryClient schemas,
      HotlistTopology.TopicNames topics,
      int first,
      int count)
      throws Exception {
    PlateEvent[] events = new PlateEvent[count];
    for (int i = 0; i < count; i++) {
      events[i] =
          SinkServiceTest.event(
              "load/" + (first + i),
              String.format("京A1%04d", (first + i) % 10_000),
              1_000L + first + i);
    }
    SinkTopics.produce(platform, schemas, topics.events(), events);
  }

  private static HttpResponse<String> query(HttpClient http, String url) throws Exception {
    return http.send(authorized(url).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder authorized(String url) {
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN);
  }

  /** Used heap after collections have had a chance to run. */
  private static long settledHeap() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(200);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
