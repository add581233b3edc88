package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.KafkaClients;
import io.platestream.schemas.LedgerEntry;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroSerializer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code platestream ledger} prints each camera's balance and says when one does not balance. */
class LedgerCommandTest {

  @Test
  void printsTheBalanceAndExitsTwoWhenACameraDoesNotBalance() throws Exception {
    try (EmbeddedPlatform platform = EmbeddedPlatform.start();
        SchemaRegistryClient registry = platform.newRegistryClient();
        KafkaProducer<String, LedgerEntry> producer =
            new KafkaProducer<>(
                KafkaClients.reliableProducer(platform.bootstrapServers()),
                new StringSerializer(),
                new AvroSerializer<>(registry))) {
      String[] cluster = {
        "ledger",
        "--bootstrap-servers",
        platform.bootstrapServers(),
        "--schema-registry",
        platform.schemaRegistryUrl()
      };
      Outcome empty = run(cluster);
      assertThat(empty.code()).isZero();
      assertThat(empty.out()).contains("The ledger is empty");

      send(
          producer,
          "detector",
          "gate",
          Map.of("detected", 40L, "dead_lettered", 1L, "plates", 90L));
      send(producer, "recognizer", "gate", Map.of("read", 88L, "events_final", 12L));
      Outcome balanced = run(cluster);
      assertThat(balanced.code()).as(balanced.out()).isZero();
      assertThat(balanced.out())
          .containsPattern(
              "gate\\s+0\\s+41\\s+40\\s+1\\s+0\\s+90 \\|\\s+88\\s+0\\s+0\\s+2 \\|\\s+0\\s+12");

      // Ingest's rows: how the sampled frames ended, and what the detector's missing numbers were.
      send(
          producer,
          "detector",
          "gate",
          Map.of("detected", 40L, "dead_lettered", 1L, "plates", 90L, "missing", 5L));
      send(
          producer,
          "ingest",
          "gate",
          Map.of(
              "sampled", 60L,
              "skipped_no_motion", 12L,
              "published", 46L,
              "dropped_queue_full", 2L,
              "dropped_publish_failed", 0L));
      Outcome withIngest = run(cluster);
      assertThat(withIngest.code()).as(withIngest.out()).isZero();
      assertThat(withIngest.out())
          .containsPattern("gate\\s+60\\s+12\\s+46\\s+2\\s+0\\s*\n")
          .contains(
              "gate: 5 frame numbers never reached the detector: 2 dropped at ingest, the other 3"
                  + " expired on the topic or were left unused by an ingest restart");

      // A recognizer that took more plates than the detector emitted: a miscount, said plainly.
      send(producer, "recognizer", "gate", Map.of("read", 95L));
      Outcome broken = run(cluster);
      assertThat(broken.code()).isEqualTo(2);
      assertThat(broken.out())
          .contains("gate: the recognizer took 95 plates but the detector emitted 90");
    }
  }

  private static void send(
      KafkaProducer<String, LedgerEntry> producer,
      String stage,
      String camera,
      Map<String, Long> counts)
      throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                Topics.LEDGER,
                stage + "/" + camera,
                new LedgerEntry(stage, camera, Map.copyOf(counts), System.currentTimeMillis())))
        .get();
  }

  private record Outcome(int code, String out) {}

  private static Outcome run(String... arguments) {
    StringWriter out = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(out));
    int code = command.execute(arguments);
    return new Outcome(code, out.toString());
  }
}
