package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.ContractExamples;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroSerializer;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code platestream eval} on what lives in Kafka: a clip's events, and registry versions. */
@ExtendWith(EmbeddedPlatformExtension.class)
class EvalOnKafkaTest {

  @Test
  void theEventsOfAClipAreScoredAgainstItsPasses(EmbeddedPlatform platform, @TempDir Path dir)
      throws Exception {
    String topic = TestTopics.create(platform, "events", 1);
    Path clip = dir.resolve("clip.mp4");
    Files.writeString(
        dir.resolve("clip.passes.json"),
        "{\"passes\": [{\"plate\": \"京A12345\"}, {\"plate\": \"沪B67890\"}, {\"plate\": \"粤C24680\"}]}");
    try (SchemaRegistryClient schemas = platform.newRegistryClient();
        KafkaProducer<String, PlateEvent> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
                new StringSerializer(),
                new AvroSerializer<>(schemas))) {
      // gate: A twice, a misread of B, C; another camera's event does not count.
      for (String[] e :
          new String[][] {
            {"gate", "京A12345"},
            {"gate", "京A12345"},
            {"gate", "沪B6789O"},
            {"gate", "粤C24680"},
            {"lane", "京A12345"}
          }) {
        PlateEvent event =
            PlateEvent.newBuilder(ContractExamples.event())
                .setCameraId(e[0])
                .setPlate(e[1])
                .build();
        producer.send(new ProducerRecord<>(topic, e[0], event)).get();
      }
    }

    String out =
        run(
            "eval",
            "--events-clip",
            clip.toString(),
            "--camera",
            "gate",
            "--events-topic",
            topic,
            "--bootstrap-servers",
            platform.bootstrapServers(),
            "--schema-registry",
            platform.schemaRegistryUrl(),
            "--json",
            dir.resolve("m.json").toString());

    assertThat(out)
        .contains("4 event(s) on " + topic + ", 3 with a true plate; 2 of 3 true plates found")
        .contains("precision 0.7500  recall 0.6667");
    JsonNode passes = new ObjectMapper().readTree(dir.resolve("m.json").toFile()).get("passes");
    assertThat(passes.get("precision").asDouble()).isEqualTo(0.75);
    assertThat(passes.get("true_plates_found").asInt()).isEqualTo(2);
  }

  @Test
  void aRegistryVersionIsFetchedAndRunOnADataset(EmbeddedPlatform platform, @TempDir Path dir)
      throws Exception {
    FontsAvailableAccess.require();
    String[] broker = {
      "--bootstrap-servers", platform.bootstrapServers(),
      "--schema-registry", platform.schemaRegistryUrl()
    };
    Path v3 = dir.resolve("v3.onnx");
    Files.write(
        v3,
        io.platestream.models.artifact.ClasspathArtifacts.read(
            "models/ch_PP-OCRv3_det_infer.onnx"));
    String published =
        run(concat(new String[] {"models", "publish", "plate-detector", v3.toString()}, broker));
    Matcher version = Pattern.compile("plate-detector +v(\\d+) +CANDIDATE").matcher(published);
    assertThat(version.find()).as(published).isTrue();
    Path data = dir.resolve("data");
    run(
        "dataset",
        "synth",
        "--out",
        data.toString(),
        "--count",
        "2",
        "--seed",
        "3",
        "--width",
        "640",
        "--height",
        "360");

    String out =
        run(
            concat(
                new String[] {
                  "eval",
                  "--data",
                  data.toString(),
                  "--detector",
                  "v" + version.group(1),
                  "--json",
                  dir.resolve("m.json").toString()
                },
                broker));

    assertThat(out)
        .contains("evaluating detector v" + version.group(1) + " and recognizer pretrained");
    JsonNode metrics = new ObjectMapper().readTree(dir.resolve("m.json").toFile());
    assertThat(metrics.get("models").get("detector").asText()).isEqualTo("v" + version.group(1));
    // Recognition is also broken down per plate type: the types' crops add up to all crops.
    JsonNode slices = metrics.get("recognition_by_slice");
    int byType = 0;
    for (io.platestream.datasets.plates.PlateType type :
        io.platestream.datasets.plates.PlateType.values()) {
      if (slices.has(type.name())) byType += slices.get(type.name()).get("samples").asInt();
    }
    assertThat(byType).isEqualTo(metrics.get("recognition").get("samples").asInt()).isPositive();
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static String run(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    assertThat(command.execute(arguments)).as(err + "\n" + out).isZero();
    return out.toString();
  }
}
