package io.platestream.sink;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.platestream.platform.StreamsStageConfig;
import io.platestream.schemas.HotlistAlert;
import io.platestream.schemas.ModelVersion;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.PlateLabel;
import io.platestream.schemas.Topics;
import io.platestream.schemas.Watchlist;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.sink.events.EventQueries;
import io.platestream.sink.events.RecentEvents;
import io.platestream.sink.events.TopicTail;
import io.platestream.sink.history.EventHistoryWriter;
import io.platestream.sink.history.HistoryDatabase;
import io.platestream.sink.history.HistoryQueries;
import io.platestream.sink.history.HistoryRetention;
import io.platestream.sink.history.PlateProtection;
import io.platestream.sink.hotlist.AlertInbox;
import io.platestream.sink.hotlist.AlertView;
import io.platestream.sink.hotlist.HotlistMetrics;
import io.platestream.sink.hotlist.HotlistTopology;
import io.platestream.sink.hotlist.WatchlistCatalog;
import io.platestream.sink.hotlist.WatchlistsFile;
import io.platestream.sink.hotlist.WebhookNotifier;
import io.platestream.sink.hotlist.WebhookSignature;
import io.platestream.sink.labels.LabelRetention;
import io.platestream.sink.labels.LabelWriter;
import io.platestream.sink.labels.ReviewQueue;
import io.platestream.sink.models.ModelBoard;
import io.platestream.sink.web.Access;
import io.platestream.sink.web.AlertRoutes;
import io.platestream.sink.web.ApiRoute;
import io.platestream.sink.web.EventRoutes;
import io.platestream.sink.web.LabelRoutes;
import io.platestream.sink.web.LiveFeed;
import io.platestream.sink.web.ModelRoutes;
import io.platestream.sink.web.SinkServer;
import io.platestream.sink.web.Tls;
import io.platestream.sink.web.WatchlistRoutes;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole sink in one process: the live view of events and alerts, the hotlist stage, the
 * optional PostgreSQL history (writer, retention, search) and webhook, and the web server in front
 * of them. Closing stops everything in reverse order.
 */
public final class SinkService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SinkService.class);

  /** PostgreSQL history: where, how plates are kept, and for how long. */
  public record History(
      String jdbcUrl,
      String user,
      String password,
      PlateProtection plates,
      boolean storeCrops,
      Duration retention) {}

  /** Where alerts are posted, and how they are signed (null: unsigned). */
  public record Webhook(URI url, WebhookSignature signature) {}

  /** What the sink serves and where. */
  public record Settings(
      String host,
      int port,
      Access access,
      int recentEvents,
      History history,
      Path watchlistsFile,
      Webhook webhook,
      Path stateDir,
      HotlistTopology.TopicNames topics,
      Tls tls,
      String operatorToken) {

    /**
     * The defaults: the dashboard on 127.0.0.1:8080 with {@code access}, the last 10,000 events in
     * memory, no history, watchlists or webhook, the standard topics; each replaced by a {@code
     * with...} copy.
     */
    public static Settings of(Access access, Path stateDir) {
      return new Settings(
          "127.0.0.1",
          8080,
          access,
          10_000,
          null,
          null,
          null,
          stateDir,
          HotlistTopology.TopicNames.defaults(),
          null,
          null);
    }

    /** Where the dashboard listens (port 0: any free port). */
    public Settings withHttp(String host, int port) {
      return new Settings(
          host,
          port,
          access,
          recentEvents,
          history,
          watchlistsFile,
          webhook,
          stateDir,
          topics,
          tls,
          operatorToken);
    }

    /** Events kept in memory for the live view. */
    public Settings withRecentEvents(int recentEvents) {
      return new Settings(
          host,
          port,
          access,
          recentEvents,
          history,
          watchlistsFile,
          webhook,
          stateDir,
          topics,
          tls,
          operatorToken);
    }

    /** Every event kept in PostgreSQL too; null: none. */
    public Settings withHistory(History history) {
      return new Settings(
          host,
          port,
          access,
          recentEvents,
          history,
          watchlistsFile,
          webhook,
          stateDir,
          topics,
          tls,
          operatorToken);
    }

    /** Watchlists loaded from this file at start; null: none. */
    public Settings withWatchlistsFile(Path watchlistsFile) {
      return new Settings(
          host,
          port,
          access,
          recentEvents,
          history,
          watchlistsFile,
          webhook,
          stateDir,
          topics,
          tls,
          operatorToken);
    }

    /** Alerts also posted to this URL, unsigned; null: none. */
    public Settings withWebhook(URI url) {
      return withWebhook(url, null);
    }

    /**
     * Alerts also posted to this URL, each signed with {@code secret} (see {@link
     * WebhookSignature}) unless it is null; a null URL: no webhook.
     */
    public Settings withWebhook(URI url, String secret) {
      Webhook webhook =
          url == null
              ? null
              : new Webhook(url, secret == null ? null : new WebhookSignature(secret));
      return new Settings(
          host,
          port,
          access,
          recentEvents,
          history,
          watchlistsFile,
          webhook,
          stateDir,
          topics,
          tls,
          operatorToken);
    }

    /** The dashboard over HTTPS only, with this identity; null: plain HTTP. */
    public Settings withTls(Tls tls) {
      return new Settings(
          host,
          port,
          access,
          recentEvents,
          history,
          watchlistsFile,
          webhook,
          stateDir,
          topics,
          tls,
          operatorToken);
    }

    /**
     * {@code /metrics} only for {@code Authorization: Bearer <token>} (or a signed-in user), as the
     * stages' {@code --operator-token}; null: open, as Prometheus expects by default.
     */
    public Settings withOperatorToken(String token) {
      return new Settings(
          host,
          port,
          access,
          recentEvents,
          history,
          watchlistsFile,
          webhook,
          stateDir,
          topics,
          tls,
          token);
    }

    /** Other topic names (tests use unique ones). */
    public Settings withTopics(HotlistTopology.TopicNames topics) {
      return new Settings(
          host,
          port,
          access,
          recentEvents,
          history,
          watchlistsFile,
          webhook,
          stateDir,
          topics,
          tls,
          operatorToken);
    }
  }

  private final List<AutoCloseable> parts = new ArrayList<>();
  // What /health checks: each a part that may stop for good on its own.
  private final List<java.util.function.Supplier<Optional<String>>> health = new ArrayList<>();
  private SinkServer server;
  private EventHistoryWriter writer;

  private SinkService() {}

  /**
   * Starts every part; a part that cannot start stops those already running and throws.
   *
   * @param cameras per-camera rows from ingest (camera id, state, fps out, ...), or none
   */
  public static SinkService start(
      String bootstrapServers,
      SchemaRegistryClient schemas,
      Settings settings,
      PrometheusMeterRegistry meters,
      Supplier<List<Map<String, Object>>> cameras) {
    return start(bootstrapServers, schemas, settings, meters, cameras, Map.of());
  }

  /**
   * The same, with extra JSON pages behind the same sign-in (the demo's pipeline status).
   *
   * @param pages path (under {@code /api/}) to the object shown there
   */
  public static SinkService start(
      String bootstrapServers,
      SchemaRegistryClient schemas,
      Settings settings,
      PrometheusMeterRegistry meters,
      Supplier<List<Map<String, Object>>> cameras,
      Map<String, Supplier<?>> pages) {
    SinkService sink = new SinkService();
    try {
      sink.startParts(bootstrapServers, schemas, settings, meters, cameras, pages);
      return sink;
    } catch (RuntimeException e) {
      sink.close();
      throw e;
    }
  }

  private void startParts(
      String bootstrapServers,
      SchemaRegistryClient schemas,
      Settings settings,
      PrometheusMeterRegistry meters,
      Supplier<List<Map<String, Object>>> cameras,
      Map<String, Supplier<?>> pages) {
    HotlistTopology.TopicNames topics = settings.topics();
    LiveFeed feed = new LiveFeed();
    RecentEvents recent = new RecentEvents(settings.recentEvents());
    AlertInbox alerts = new AlertInbox(200);
    parts.add(
        new TopicTail<>(
                bootstrapServers,
                schemas,
                PlateEvent.class,
                topics.events(),
                settings.recentEvents(),
                event -> feed.publish("plate", recent.add(event)))
            .start());
    parts.add(
        new TopicTail<>(
                bootstrapServers,
                schemas,
                HotlistAlert.class,
                topics.alerts(),
                100,
                alert -> {
                  AlertView view = AlertView.of(alert);
                  alerts.add(view);
                  feed.publish("alert", view);
                })
            .start());

    WatchlistCatalog watchlists =
        new WatchlistCatalog(bootstrapServers, schemas, topics.watchlists());
    parts.add(watchlists);
    if (settings.watchlistsFile() != null) {
      for (Watchlist list : WatchlistsFile.read(settings.watchlistsFile())) {
        watchlists.put(list);
        log.info(
            "watchlist {} ({} entries) loaded from {}",
            list.getName(),
            list.getEntries().size(),
            settings.watchlistsFile());
      }
    }
    KafkaStreams hotlist =
        new KafkaStreams(
            HotlistTopology.build(schemas, topics, new HotlistMetrics(meters)),
            StreamsStageConfig.properties(
                "platestream-hotlist", bootstrapServers, settings.stateDir().resolve("hotlist")));
    hotlist.start();
    health.add(
        () ->
            hotlist.state() == KafkaStreams.State.ERROR
                ? Optional.of("hotlist stage stopped (" + hotlist.state() + ")")
                : Optional.empty());
    parts.add(
        () ->
            hotlist.close(
                CloseOptions.groupMembershipOperation(
                        CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30))));

    if (settings.webhook() != null) {
      WebhookNotifier webhook =
          new WebhookNotifier(
                  bootstrapServers,
                  schemas,
                  topics.alerts(),
                  "platestream-webhook",
                  settings.webhook().url(),
                  settings.webhook().signature(),
                  Duration.ofSeconds(60),
                  meters)
              .start();
      parts.add(webhook);
      health.add(webhook::problem);
    }

    EventQueries queries = recent;
    Duration labelRetention = null;
    History history = settings.history();
    if (history != null) {
      HistoryDatabase database =
          HistoryDatabase.connect(history.jdbcUrl(), history.user(), history.password());
      parts.add(database);
      writer =
          new EventHistoryWriter(
                  bootstrapServers,
                  schemas,
                  database.dataSource(),
                  EventHistoryWriter.Settings.defaults()
                      .withTopic(topics.events())
                      .withPlates(history.plates(), history.storeCrops()),
                  meters)
              .start();
      parts.add(writer);
      health.add(writer::problem);
      parts.add(
          new HistoryRetention(database.dataSource(), history.retention(), Clock.systemUTC())
              .start(Duration.ofHours(1)));
      labelRetention = history.retention();
      queries = new HistoryQueries(database.dataSource(), history.plates());
    }

    // Review: operators' verdicts become labels; the queue leaves out events labelled already.
    ReviewQueue review = new ReviewQueue(queries);
    parts.add(
        new TopicTail<>(
                bootstrapServers,
                schemas,
                PlateLabel.class,
                topics.labels(),
                ReviewQueue.REMEMBERED,
                label -> review.labelled(label.getEventId()))
            .start());
    LabelWriter labels =
        new LabelWriter(bootstrapServers, schemas, topics.labels(), Clock.systemUTC());
    parts.add(labels);
    if (labelRetention != null) {
      // Labels keep no longer than the history keeps their events.
      parts.add(
          new LabelRetention(
                  bootstrapServers,
                  schemas,
                  topics.labels(),
                  labels,
                  labelRetention,
                  Clock.systemUTC())
              .start(Duration.ofHours(1)));
    }

    // The registry's versions, for the dashboard's models panel (all of them: the topic is small).
    ModelBoard models = new ModelBoard();
    parts.add(
        new TopicTail<>(
                bootstrapServers,
                schemas,
                ModelVersion.class,
                Topics.MODELS,
                Integer.MAX_VALUE,
                models::update)
            .start());

    List<ApiRoute> routes = new ArrayList<>();
    routes.addAll(EventRoutes.of(queries, () -> cameraRows(cameras.get(), recent)));
    Access access = settings.access();
    routes.addAll(LabelRoutes.of(queries, review, labels, ctx -> actor(access, ctx)));
    routes.addAll(AlertRoutes.of(alerts, ctx -> actor(access, ctx)));
    routes.addAll(WatchlistRoutes.of(watchlists));
    routes.addAll(ModelRoutes.of(models));
    if (!pages.containsKey("/api/status")) {
      // The dashboard asks every sink; one without a pipeline's status shows its own.
      routes.add(
          ApiRoute.get(
              "/api/status",
              "this sink's status (the demo adds its pipeline's stages)",
              List.of(),
              (q, c) ->
                  Map.of(
                      "sink",
                      Map.of("liveClients", feed.clients(), "alertsHeld", alerts.all().size()))));
    }
    pages.forEach(
        (path, page) ->
            routes.add(
                ApiRoute.get(path, "the pipeline's status", List.of(), (q, c) -> page.get())));
    server =
        SinkServer.start(
            settings.host(),
            settings.port(),
            settings.tls(),
            access,
            settings.operatorToken(),
            feed,
            meters,
            routes,
            () -> health.stream().flatMap(check -> check.get().stream()).toList());
    parts.add(server);
  }

  /** Ingest's rows, with the events held for each camera and the time of the newest. */
  private static List<Map<String, Object>> cameraRows(
      List<Map<String, Object>> ingest, RecentEvents recent) {
    Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
    for (Map<String, Object> camera : ingest) {
      rows.put(String.valueOf(camera.get("cameraId")), new LinkedHashMap<>(camera));
    }
    recent
        .perCamera(System.currentTimeMillis())
        .forEach(
            (camera, activity) -> {
              Map<String, Object> row =
                  rows.computeIfAbsent(camera, c -> new LinkedHashMap<>(Map.of("cameraId", c)));
              row.put("events", activity.eventsHeld());
              row.put("eventsLastMinute", activity.eventsLastMinute());
              row.put("lastEventMs", activity.lastEventMs());
            });
    return List.copyOf(rows.values());
  }

  public String url() {
    return server.url();
  }

  /** Events stored in the history since start, or -1 without a history. */
  public long storedEvents() {
    return writer == null ? -1 : writer.storedCount();
  }

  @Override
  public void close() {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        log.warn("stopping a sink part failed: {}", e.toString());
      }
    }
    parts.clear();
  }

  /** Who a signed-in request acts as, recorded with what it changes. */
  private static String actor(Access access, io.javalin.http.Context ctx) {
    return access
        .principal(ctx.header("Authorization"), ctx.cookie(Access.SESSION_COOKIE))
        .map(Access.Principal::name)
        .orElse("unknown");
  }
}
