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

  private static EmbeddedKafka start(SecurityProtocol protocol) {
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
      cluster =
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
              .setConfigProp("auto.create.topics.enable", "false")
              .build();
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
