package io.platestream.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.platestream.pipeline.StageTopics;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.schemas.Redaction;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.sink.SinkService;
import io.platestream.sink.history.PlateProtection;
import io.platestream.sink.hotlist.WatchlistsFile;
import io.platestream.sink.web.Access;
import io.platestream.sink.web.IngestStatusSource;
import io.platestream.sink.web.ReviewerAccounts;
import io.platestream.sink.web.Tls;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The sink: dashboard and API, hotlist alerts, optional PostgreSQL history and webhook. */
@Command(
    name = "sink",
    description = {
      "Serve the dashboard and query API, raise alerts, keep history.",
      "Reads platestream.events; hotlist matches go to platestream.alerts (and a webhook);",
      "with --history-url every event is kept in PostgreSQL."
    })
final class SinkCommand extends LongRunningCommand {
  @Mixin KafkaOptions kafka;

  @Mixin OperatorOptions operator;

  @Option(names = "--bind", description = "Address to serve on (default: ${DEFAULT-VALUE}).")
  String bind = "0.0.0.0";

  @Option(
      names = "--tls-keystore",
      description =
          "Serve the dashboard over HTTPS only, with this PKCS12 key store (key and certificate"
              + " chain, as keytool or 'openssl pkcs12 -export' write it) or PEM file (an"
              + " unencrypted PKCS#8 key and its certificate chain, no password); the session"
              + " cookie is then Secure.")
  Path tlsKeyStore;

  @Option(
      names = "--tls-keystore-password",
      description =
          "Password of --tls-keystore (default: $PLATESTREAM_TLS_KEYSTORE_PASSWORD, which keeps it"
              + " out of the process list).")
  String tlsKeyStorePassword;

  @Option(names = "--user", description = "Dashboard user (default: ${DEFAULT-VALUE}).")
  String user = "operator";

  @Option(
      names = "--password",
      defaultValue = "${env:PLATESTREAM_PASSWORD}",
      description =
          "Dashboard password, 8+ characters (default: $PLATESTREAM_PASSWORD; if unset, a"
              + " random one is printed at start).")
  String password;

  @Option(
      names = "--token",
      description =
          "API token for 'Authorization: Bearer' (repeatable; also $PLATESTREAM_API_TOKENS, comma-separated).")
  List<String> tokens = new ArrayList<>();

  @Option(
      names = "--reviewers-file",
      description =
          "Reviewers' accounts, one name:password a line: they may read events and label them,"
              + " nothing else.")
  Path reviewersFile;

  @Option(
      names = "--history-url",
      description =
          "PostgreSQL JDBC URL of the event history, e.g. jdbc:postgresql://db/platestream (default: none, recent events in memory only).")
  String historyUrl;

  @Option(
      names = "--history-user",
      description = "History database user (default: ${DEFAULT-VALUE}).")
  String historyUser = "platestream";

  @Option(
      names = "--history-password",
      defaultValue = "${env:PLATESTREAM_HISTORY_PASSWORD}",
      description = "History database password (default: $PLATESTREAM_HISTORY_PASSWORD).")
  String historyPassword;

  @Option(
      names = "--hash-plates-key-file",
      description =
          "Store plates in the history as HMAC-SHA256 with the key in this file (32+ bytes); needs --no-crops.")
  Path hashKeyFile;

  @Option(names = "--no-crops", description = "Do not store plate crops in the history.")
  boolean noCrops;

  @Option(
      names = "--retention-days",
      description = "Delete history older than this (default: ${DEFAULT-VALUE}).")
  int retentionDays = 30;

  @Option(names = "--watchlists", description = "Watchlists file (YAML), published at start.")
  Path watchlists;

  @Option(names = "--webhook", description = "POST each alert as JSON to this URL.")
  URI webhook;

  @Option(
      names = "--webhook-secret",
      description =
          "Sign each webhook post (header X-PlateStream-Signature: t=<ms>,v1=<hex HMAC-SHA256 of"
              + " t.body>) with this secret, 16+ characters (better:"
              + " $PLATESTREAM_WEBHOOK_SECRET).")
  String webhookSecret;

  @Option(
      names = "--ingest-status",
      description = "An ingest process's /status URL, for the camera panel (repeatable).")
  List<URI> ingestStatus = new ArrayList<>();

  @Option(
      names = "--recent-events",
      description = "Events kept in memory for the live view (default: ${DEFAULT-VALUE}).")
  int recentEvents = 10_000;

  @Spec CommandSpec spec;

  @Override
  Integer execute() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (watchlists != null) {
      WatchlistsFile.read(watchlists); // a bad file stops here, before anything starts
    }
    boolean generated = password == null || password.isBlank();
    String secret = generated ? Access.randomPassword() : password;
    Access access =
        new Access(
            user,
            secret,
            allTokens(),
            reviewersFile == null ? Map.of() : ReviewerAccounts.read(reviewersFile),
            Duration.ofHours(12),
            Clock.systemUTC());
    SinkService.History history = history();
    PrometheusMeterRegistry meters = OperatorEndpoint.newRegistry();
    try (EmbeddedPlatform embedded = kafka.connect(out);
        SchemaRegistryClient schemas = kafka.registryClient()) {
      kafka.connection().ensureTopics(StageTopics.SINK);
      try (SinkService sink =
          SinkService.start(
              kafka.bootstrapServers,
              schemas,
              SinkService.Settings.of(access, run.stateDir("sink"))
                  .withHttp(bind, run.httpPort(8080))
                  .withRecentEvents(recentEvents)
                  .withHistory(history)
                  .withWatchlistsFile(watchlists)
                  .withWebhook(webhook, webhookSecret)
                  .withTls(tlsKeyStore == null ? null : new Tls(tlsKeyStore, tlsKeyStorePassword))
                  .withOperatorToken(operator.token),
              meters,
              new IngestStatusSource(ingestStatus))) {
        out.printf(
            "Dashboard %s (user %s%s)%n",
            sink.url(), user, generated ? ", password " + secret : "");
        out.printf(
            "History: %s; alerts to %s%s%n",
            history == null ? "none (recent events in memory)" : Redaction.url(historyUrl),
            Topics.ALERTS,
            webhook == null ? "" : " and " + Redaction.url(webhook.toString()));
        out.flush();
        run.awaitStop();
      }
    }
    return 0;
  }

  private List<String> allTokens() {
    List<String> all = new ArrayList<>(tokens);
    String fromEnvironment = System.getenv("PLATESTREAM_API_TOKENS");
    if (fromEnvironment != null) {
      for (String token : fromEnvironment.split(",")) {
        if (!token.isBlank()) {
          all.add(token.strip());
        }
      }
    }
    return all;
  }

  private SinkService.History history() throws Exception {
    if (historyUrl == null) {
      if (hashKeyFile != null || noCrops) {
        throw new IllegalArgumentException(
            "--hash-plates-key-file and --no-crops are history settings: give --history-url");
      }
      return null;
    }
    if (retentionDays < 1) {
      throw new IllegalArgumentException(
          "--retention-days must be at least 1, got " + retentionDays);
    }
    PlateProtection plates =
        hashKeyFile == null
            ? PlateProtection.clear()
            : PlateProtection.hmac(Files.readAllBytes(hashKeyFile));
    if (plates.hashed() && !noCrops) {
      throw new IllegalArgumentException(
          "--hash-plates-key-file needs --no-crops: a crop shows the plate in clear");
    }
    return new SinkService.History(
        historyUrl,
        historyUser,
        historyPassword == null ? "" : historyPassword,
        plates,
        !noCrops,
        Duration.ofDays(retentionDays));
  }
}
