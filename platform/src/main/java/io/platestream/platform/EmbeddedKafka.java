package io.platestream.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker + controller) running inside this JVM, for the
 * demo and the tests. It is Kafka's own server code, not a mock; it is single-node, so every
 * replication factor is 1.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final KafkaClusterTestKit cluster;
  private final Path dataDir;

  private EmbeddedKafka(KafkaClusterTestKit cluster, Path dataDir) {
    this.cluster = cluster;
    this.dataDir = dataDir;
  }

  /** Formats fresh storage and starts the node; returns once the broker accepts clients. */
  public static EmbeddedKafka start() {
    return start(SecurityProtocol.PLAINTEXT);
  }

  /**
   * A broker whose clients must sign in (SASL PLAIN; the user {@value #SASL_USER} with the password
   * {@value #SASL_PASSWORD} may do anything), to try secured client settings against.
   */
  public static EmbeddedKafka startSasl() {
    return start(SecurityProtocol.SASL_PLAINTEXT);
  }

  public static final String SASL_USER = "plain-admin";
  public static final String SASL_PASSWORD = "plain-admin-secret";

  /**
   * The sign-in a production cluster uses: the client listener speaks SASL over TLS (the key and
   * trust stores in {@code tls}) and takes SCRAM-SHA-512 users made by {@link #addScramUser};
   * Kafka's standard authorizer denies every principal what its ACLs do not grant, except the
   * administrator {@value #TLS_ADMIN_USER} (password {@value #TLS_ADMIN_PASSWORD}, PLAIN), which
   * the node also uses between its own broker and controller.
   */
  public static EmbeddedKafka startSaslSsl(BrokerTls tls) {
    // The client's login, and on the broker's side the same with the user's password to accept.
    String clientLogin =
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + TLS_ADMIN_USER
            + "\" password=\""
            + TLS_ADMIN_PASSWORD
            + "\"";
    String adminLogin =
        clientLogin + " user_" + TLS_ADMIN_USER + "=\"" + TLS_ADMIN_PASSWORD + "\";";
    Map<String, String> config = new java.util.LinkedHashMap<>();
    // The test kit builds PLAINTEXT listeners; these settings turn them into a secured node.
    config.put("listener.security.protocol.map", "EXTERNAL:SASL_SSL,CONTROLLER:SASL_PLAINTEXT");
    config.put("sasl.enabled.mechanisms", "SCRAM-SHA-512,PLAIN");
    config.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
    config.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
    config.put("sasl.mechanism.controller.protocol", "PLAIN");
    config.put("listener.name.external.plain.sasl.jaas.config", adminLogin);
    config.put("listener.name.controller.plain.sasl.jaas.config", adminLogin);
    config.put(
        "listener.name.external.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    config.put("ssl.keystore.type", "PKCS12");
    config.put("ssl.keystore.location", tls.keyStore().toString());
    config.put("ssl.keystore.password", tls.password());
    config.put("ssl.key.password", tls.password());
    config.put("ssl.truststore.type", "PKCS12");
    config.put("ssl.truststore.location", tls.trustStore().toString());
    config.put("ssl.truststore.password", tls.password());
    config.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    config.put("allow.everyone.if.no.acl.found", "false");
    config.put("super.users", "User:" + TLS_ADMIN_USER);
    EmbeddedKafka kafka = start(SecurityProtocol.PLAINTEXT, config);
    kafka.adminSettings =
        Map.of(
            "security.protocol",
            "SASL_SSL",
            "sasl.mechanism",
            "PLAIN",
            "sasl.jaas.config",
            clientLogin + ";",
            "ssl.truststore.type",
            "PKCS12",
            "ssl.truststore.location",
            tls.trustStore().toString(),
            "ssl.truststore.password",
            tls.password());
    return kafka;
  }

  public static final String TLS_ADMIN_USER = "broker-admin";
  public static final String TLS_ADMIN_PASSWORD = "broker-admin-secret";

  /** The broker's TLS identity: PKCS12 key and trust stores sharing one password. */
  public record BrokerTls(Path keyStore, Path trustStore, String password) {}

  /** Client settings of the administrator, for {@link #admin}; empty on an open broker. */
  private Map<String, String> adminSettings = Map.of();

  /**
   * The client security settings of the broker's administrator on a {@link #startSaslSsl} node
   * (empty on an open one), for {@code KafkaSecurity.use} or a client's config.
   */
  public Map<String, String> adminClientSettings() {
    return adminSettings;
  }

  /**
   * An admin client signed in as the broker's administrator (on a secured node), whatever the
   * process-wide client security says; the caller closes it.
   */
  public org.apache.kafka.clients.admin.Admin admin() {
    Map<String, Object> config = new java.util.HashMap<>(adminSettings);
    config.put("bootstrap.servers", bootstrapServers());
    return org.apache.kafka.clients.admin.Admin.create(config);
  }

  /** Creates (or resets) a SCRAM-SHA-512 user on a {@link #startSaslSsl} node. */
  public void addScramUser(String user, String password) {
    try (org.apache.kafka.clients.admin.Admin admin = admin()) {
      admin
          .alterUserScramCredentials(
              java.util.List.of(
                  new org.apache.kafka.clients.admin.UserScramCredentialUpsertion(
                      user,
                      new org.apache.kafka.clients.admin.ScramCredentialInfo(
                          org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_512, 8192),
                      password)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot add the SCRAM user " + user + ": " + e, e);
    }
  }

  private static EmbeddedKafka start(SecurityProtocol protocol) {
    return start(protocol, Map.of());
  }

  private static EmbeddedKafka start(SecurityProtocol protocol, Map<String, String> extraConfig) {
    long started = System.nanoTime();
    KafkaClusterTestKit cluster = null;
    Path dataDir = null;
    try {
      // Our own data directory, deleted by close(): the test kit's default one is deleted by a
      // JVM shutdown hook that races a clean shutdown on Ctrl-C and fills the console with errors.
      dataDir = Files.createTempDirectory("platestream-kafka-");
      TestKitNodes nodes =
          new TestKitNodes.Builder()
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1)
              .setBaseDirectory(dataDir)
              .setBrokerSecurityProtocol(protocol)
              .setControllerSecurityProtocol(protocol)
              .build();
      KafkaClusterTestKit.Builder builder =
          new KafkaClusterTestKit.Builder(nodes)
              // One broker: internal topics cannot be replicated.
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
              .setConfigProp("share.coordinator.state.topic.min.isr", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              // Room for 1080p JPEG frames.
              .setConfigProp("message.max.bytes", Integer.toString(8 * 1024 * 1024))
              .setConfigProp("auto.create.topics.enable", "false");
      extraConfig.forEach(builder::setConfigProp);
      cluster = builder.build();
      formatQuietly(cluster);
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      closeQuietly(cluster);
      deleteQuietly(dataDir);
      throw new IllegalStateException(
          "cannot start the embedded Kafka broker: " + e.getMessage(), e);
    }
    EmbeddedKafka kafka = new EmbeddedKafka(cluster, dataDir);
    log.info(
        "embedded Kafka broker ready at {} in {} ms",
        kafka.bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return kafka;
  }

  /** Kafka's storage formatter prints to stdout; keep the operator's console for our own lines. */
  private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
    java.io.PrintStream console = System.out;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      cluster.format();
    } finally {
      System.setOut(console);
      log.debug(
          "storage formatter said: {}", captured.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Creates topics with the given partition count if they do not exist yet. */
  public void createTopics(int partitions, String... topics) {
    createTopics(partitions, Map.of(), topics);
  }

  /** Creates topics with the given partition count and topic configs if they do not exist yet. */
  public void createTopics(int partitions, Map<String, String> configs, String... topics) {
    TopicCreator.createMissing(
        bootstrapServers(),
        java.util.Arrays.stream(topics)
            .map(t -> new NewTopic(t, partitions, (short) 1).configs(configs))
            .toList());
  }

  /**
   * Takes the broker down, as a broker outage (the node's controller keeps running). Clients see
   * the broker's port refuse connections until {@link #startBroker}.
   */
  public void stopBroker() {
    cluster
        .brokers()
        .values()
        .forEach(
            broker -> {
              broker.shutdown();
              broker.awaitShutdown();
            });
    log.info("embedded Kafka broker stopped");
  }

  /** Brings the broker back after {@link #stopBroker}, on the same port and with its data. */
  public void startBroker() {
    cluster.brokers().values().forEach(broker -> broker.startup());
    try {
      cluster.waitForReadyBrokers();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the embedded broker did not come back: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while restarting the embedded broker", e);
    }
    log.info("embedded Kafka broker started again at {}", bootstrapServers());
  }

  @Override
  public void close() {
    closeQuietly(cluster);
    deleteQuietly(dataDir);
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      log.warn("cannot delete the embedded broker's data in {}: {}", dir, e.toString());
    }
  }

  private static void closeQuietly(KafkaClusterTestKit cluster) {
    if (cluster == null) {
      return;
    }
    try {
      cluster.close();
    } catch (Exception e) {
      log.warn("embedded Kafka broker did not stop cleanly: {}", e.toString());
    }
  }

  /**
   * How long a client may wait for the embedded broker in the worst case (used by callers'
   * timeouts).
   */
  public static Duration startupBudget() {
    return Duration.ofSeconds(60);
  }
}
