package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.datasets.render.SampleClip;
import io.platestream.pipeline.KafkaConnection;
import io.platestream.pipeline.StageAcls;
import io.platestream.pipeline.StageAcls.Role;
import io.platestream.pipeline.StageTopics;
import io.platestream.platform.EmbeddedKafka;
import io.platestream.platform.KafkaClients;
import io.platestream.schemas.KafkaSecurity;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.Topics;
import io.platestream.schemas.embedded.EmbeddedSchemaRegistry;
import io.platestream.schemas.registry.RestSchemaRegistryClient;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.testing.TestCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The pipeline on a cluster secured as production runs it: SASL_SSL with SCRAM-SHA-512 users and
 * keytool certificates, and the standard authorizer granting each stage's principal only its {@link
 * StageAcls}. The real commands run one after another, each signed in as its own principal through
 * {@code --kafka-properties}: {@code models list} (the models principal publishes the bundled
 * pair), {@code ingest} of a rendered clip, {@code detect}, {@code recognize}; the events are then
 * read as the sink. A stage may not write the model registry, and clients without or with wrong
 * credentials are refused.
 */
class SecuredPipelineTest {
  private static final String STORE_PASSWORD = "broker-store-secret";

  @AfterEach
  void forgetTheCredentials() {
    KafkaSecurity.use(Map.of()); // process-wide: leave none to other tests
  }

  @Test
  void eachStageRunsAsItsOwnPrincipalThroughScramOverTls(@TempDir Path dir) throws Exception {
    FontsAvailableAccess.require();
    Path keyStore = TestCertificates.keyStore(dir.resolve("broker.p12"), "broker", STORE_PASSWORD);
    Path trustStore =
        TestCertificates.trustStore(
            keyStore, "broker", STORE_PASSWORD, dir.resolve("trust.p12"), STORE_PASSWORD);
    Path clip = SampleClip.ensure(dir.resolve("clip"), 2, new PrintWriter(new StringWriter()));

    try (EmbeddedKafka kafka =
        EmbeddedKafka.startSaslSsl(
            new EmbeddedKafka.BrokerTls(keyStore, trustStore, STORE_PASSWORD))) {
      String bootstrap = kafka.bootstrapServers();
      Map<Role, Path> logins = new HashMap<>();
      try (Admin admin = kafka.admin()) {
        for (Role role : Role.values()) {
          String user = role.name().toLowerCase(java.util.Locale.ROOT);
          kafka.addScramUser(user, user + "-password");
          admin.createAcls(StageAcls.grants("User:" + user, role)).all().get(30, TimeUnit.SECONDS);
          logins.put(role, login(dir, user, user + "-password", trustStore));
        }
      }
      // The cluster administrator creates the topics; no stage principal may.
      KafkaSecurity.use(kafka.adminClientSettings());
      new KafkaConnection(bootstrap, "http://unused", 1).ensureTopics(StageTopics.all());

      KafkaSecurity.use(KafkaSecurity.read(logins.get(Role.REGISTRY)));
      try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(bootstrap)) {
        String[] cluster = {"--bootstrap-servers", bootstrap, "--schema-registry", registry.url()};

        StringBuilder consoles = new StringBuilder();
        consoles.append(run(logins.get(Role.MODELS), dir, cluster, "models", "list"));
        consoles.append(
            run(
                logins.get(Role.INGEST),
                dir,
                cluster,
                "ingest",
                "--camera",
                "gate=" + clip,
                "--sample-fps",
                "4",
                "--duration",
                "12",
                "--http-port",
                "0"));
        consoles.append(
            run(
                logins.get(Role.DETECT),
                dir,
                cluster,
                "detect",
                "--max-frame-age-ms", // the stages run one after another: no frame is fresh
                "0",
                "--duration",
                "40",
                "--http-port",
                "0"));
        consoles.append(
            run(
                logins.get(Role.RECOGNIZE),
                dir,
                cluster,
                "recognize",
                "--max-crop-age-ms",
                "0",
                "--duration",
                "30",
                "--http-port",
                "0"));

        KafkaSecurity.use(KafkaSecurity.read(logins.get(Role.SINK)));
        List<String> plates = eventPlates(bootstrap, registry.url());
        assertThat(plates)
            .as("events read by the sink's principal after %s", consoles)
            .containsAnyElementsOf(SampleClip.plates(clip));
        consoles.append(
            run(
                logins.get(Role.SINK),
                dir,
                cluster,
                "sink",
                "--password",
                "operator-password",
                "--duration",
                "15",
                "--http-port",
                "0"));
        try (Admin admin = kafka.admin()) {
          Map<
                  org.apache.kafka.common.TopicPartition,
                  org.apache.kafka.clients.consumer.OffsetAndMetadata>
              hotlist =
                  admin
                      .listConsumerGroupOffsets("platestream-hotlist")
                      .partitionsToOffsetAndMetadata()
                      .get(30, TimeUnit.SECONDS);
          assertThat(hotlist)
              .as("the sink's hotlist matched the events, after %s", consoles)
              .containsKey(new org.apache.kafka.common.TopicPartition(Topics.EVENTS, 0));
          assertThat(
                  hotlist
                      .get(new org.apache.kafka.common.TopicPartition(Topics.EVENTS, 0))
                      .offset())
              .isGreaterThanOrEqualTo(plates.size());
        }

        KafkaSecurity.use(KafkaSecurity.read(logins.get(Role.DETECT)));
        try (KafkaProducer<String, String> producer =
            new KafkaProducer<>(
                KafkaClients.reliableProducer(bootstrap),
                new StringSerializer(),
                new StringSerializer())) {
          assertThatThrownBy(
                  () ->
                      producer
                          .send(new ProducerRecord<>(Topics.MODELS, "plate-detector", "x"))
                          .get(30, TimeUnit.SECONDS))
              .as("a stage writing the model registry")
              .hasRootCauseInstanceOf(
                  org.apache.kafka.common.errors.TopicAuthorizationException.class);
        }
      }

      KafkaSecurity.use(
          Map.of(
              "security.protocol",
              "SASL_SSL",
              "sasl.mechanism",
              "SCRAM-SHA-512",
              "sasl.jaas.config",
              scramLogin("detect", "not-the-password"),
              "ssl.truststore.type",
              "PKCS12",
              "ssl.truststore.location",
              trustStore.toString(),
              "ssl.truststore.password",
              STORE_PASSWORD));
      assertRefused(bootstrap, "a wrong password");
      KafkaSecurity.use(Map.of());
      assertRefused(bootstrap, "a client without credentials or TLS");
    }
  }

  /** Runs one command signed in as {@code login}; returns its console. */
  private static String run(Path login, Path dir, String[] cluster, String... command) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = PlateStreamCommand.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    List<String> arguments = new ArrayList<>(List.of(command));
    arguments.addAll(List.of(cluster));
    arguments.addAll(List.of("--kafka-properties", login.toString()));
    if (!command[0].equals("models")) {
      arguments.addAll(List.of("--state-dir", dir.resolve(command[0]).toString()));
    }
    int exit = line.execute(arguments.toArray(String[]::new));
    String console = command[0] + ": " + out + err;
    assertThat(exit).as(console).isZero();
    return console;
  }

  private static List<String> eventPlates(String bootstrap, String registryUrl) throws Exception {
    List<String> plates = new ArrayList<>();
    try (SchemaRegistryClient schemas = new RestSchemaRegistryClient(registryUrl);
        KafkaConsumer<String, PlateEvent> consumer =
            new KafkaConsumer<>(
                KafkaClients.committedReader(bootstrap, "platestream-history-check"),
                new StringDeserializer(),
                new AvroDeserializer<>(PlateEvent.class, schemas))) {
      consumer.subscribe(List.of(Topics.EVENTS));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (plates.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, PlateEvent> record : consumer.poll(Duration.ofMillis(500))) {
          plates.add(record.value().getPlate());
        }
      }
    }
    return plates;
  }

  private static void assertRefused(String bootstrap, String who) {
    Map<String, Object> config = new HashMap<>(KafkaSecurity.properties());
    config.put("bootstrap.servers", bootstrap);
    config.put("default.api.timeout.ms", 5_000);
    config.put("request.timeout.ms", 3_000);
    try (Admin admin = Admin.create(config)) {
      assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
          .as(who)
          .isNotNull();
    }
  }

  private static Path login(Path dir, String user, String password, Path trustStore)
      throws Exception {
    Path file = dir.resolve(user + ".properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "security.protocol=SASL_SSL",
            "sasl.mechanism=SCRAM-SHA-512",
            "sasl.jaas.config=" + scramLogin(user, password),
            "ssl.truststore.type=PKCS12",
            "ssl.truststore.location=" + trustStore,
            "ssl.truststore.password=" + STORE_PASSWORD,
            ""));
    return file;
  }

  private static String scramLogin(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\";";
  }
}
