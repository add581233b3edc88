package io.platestream.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platestream.schemas.ContractExamples;
import io.platestream.schemas.Frame;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.schemas.serde.AvroSerializer;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Interoperability with a client nobody here wrote: Debian's python3-confluent-kafka (Confluent's
 * Python client with its Avro serde) reads what our serializer wrote through our registry, and we
 * read what it wrote. On CI the packages are installed by .ci/run, so there the test must run; on a
 * developer machine without them it is skipped with the install command.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class PythonConfluentInteropTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path SCRIPT = Path.of("src/test/python/confluent_interop.py");
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void requirePythonClient() throws Exception {
    boolean available =
        Files.isExecutable(PYTHON)
            && run(
                        List.of(
                            PYTHON.toString(), "-c", "import confluent_kafka.avro, avro, requests"),
                        60)
                    .exitCode
                == 0;
    if ("true".equals(System.getenv("CI"))) {
      assertThat(available)
          .as("CI must have python3-confluent-kafka, python3-avro, python3-requests (see .ci/run)")
          .isTrue();
    }
    assumeTrue(
        available,
        "apt-get install python3-confluent-kafka python3-avro python3-requests to run this test");
  }

  @Test
  void pythonConsumerDecodesWhatOurSerializerWrote(EmbeddedPlatform platform) throws Exception {
    String topic = TestTopics.create(platform, "interop-to-python", 1);
    PlateEvent event = ContractExamples.event();
    try (SchemaRegistryClient registry = platform.newRegistryClient();
        KafkaProducer<String, PlateEvent> producer =
            new KafkaProducer<>(
                producerProps(platform), new StringSerializer(), new AvroSerializer<>(registry))) {
      producer
          .send(new ProducerRecord<>(topic, event.getCameraId(), event))
          .get(30, TimeUnit.SECONDS);
    }

    Result result =
        run(
            List.of(
                PYTHON.toString(),
                SCRIPT.toString(),
                "consume",
                "--bootstrap",
                platform.bootstrapServers(),
                "--registry",
                platform.schemaRegistryUrl(),
                "--topic",
                topic,
                "--group",
                "py-" + UUID.randomUUID()),
            120);

    assertThat(result.exitCode).as(result.output).isZero();
    JsonNode decoded = json.readTree(lastLine(result.output));
    assertThat(decoded.get("key").asText()).isEqualTo(event.getCameraId());
    JsonNode value = decoded.get("value");
    assertThat(value.get("plate").asText()).isEqualTo("皖A12345");
    assertThat(value.get("cameraId").asText()).isEqualTo(event.getCameraId());
    assertThat(value.get("readCount").asInt()).isEqualTo(event.getReadCount());
    assertThat(value.get("firstSeenMs").asLong()).isEqualTo(event.getFirstSeenMs());
    assertThat((float) value.get("confidence").asDouble()).isEqualTo(event.getConfidence());
    assertThat(value.get("bestCrop").get("hex").asText())
        .isEqualTo(HexFormat.of().formatHex(bytes(event.getBestCrop())));
    assertThat(value.get("bestPolygon").get("topRight").get("x").asDouble())
        .isEqualTo(event.getBestPolygon().getTopRight().getX());
    assertThat(value.get("recognizer").get("name").asText()).isEqualTo("plate-recognizer");
    assertThat(value.get("candidates").get(0).get("valid").asBoolean()).isTrue();
  }

  @Test
  void ourDeserializerReadsWhatThePythonProducerWrote(EmbeddedPlatform platform) throws Exception {
    String topic = TestTopics.create(platform, "interop-from-python", 1);
    Path schema = Files.createTempFile("Frame", ".avsc");
    Files.writeString(schema, Frame.getClassSchema().toString());
    String value =
        json.createObjectNode()
            .put("cameraId", "python-cam")
            .put("seq", 9_000_000_001L)
            .put("captureTimeMs", 1_790_000_000_123L)
            .put("ingestTimeMs", 1_790_000_000_150L)
            .put("width", 1280)
            .put("height", 720)
            .put("jpeg", "ffd8ffd9")
            .put("sourceUri", "rtsp://cam.example/ünïcode")
            .toString();

    Result result =
        run(
            List.of(
                PYTHON.toString(),
                SCRIPT.toString(),
                "produce",
                "--bootstrap",
                platform.bootstrapServers(),
                "--registry",
                platform.schemaRegistryUrl(),
                "--topic",
                topic,
                "--schema",
                schema.toString(),
                "--value",
                value),
            120);
    assertThat(result.exitCode).as(result.output).isZero();

    try (SchemaRegistryClient registry = platform.newRegistryClient();
        KafkaConsumer<String, Frame> consumer =
            new KafkaConsumer<>(
                consumerProps(platform),
                new StringDeserializer(),
                new AvroDeserializer<>(Frame.class, registry))) {
      consumer.subscribe(List.of(topic));
      Frame frame = pollOne(consumer);
      assertThat(frame.getCameraId()).isEqualTo("python-cam");
      assertThat(frame.getSeq()).isEqualTo(9_000_000_001L);
      assertThat(frame.getCaptureTimeMs()).isEqualTo(1_790_000_000_123L);
      assertThat(frame.getWidth()).isEqualTo(1280);
      assertThat(bytes(frame.getJpeg())).containsExactly(0xff, 0xd8, 0xff, 0xd9);
      assertThat(frame.getSourceUri()).isEqualTo("rtsp://cam.example/ünïcode");
      assertThat(registry.latest(topic + "-value").schema()).contains("\"name\":\"Frame\"");
    }
  }

  private static Frame pollOne(KafkaConsumer<String, Frame> consumer) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, Frame> record : consumer.poll(Duration.ofMillis(200))) {
        return record.value();
      }
    }
    throw new AssertionError(
        "the record written by the Python producer did not arrive within 30 s");
  }

  private static Properties producerProps(EmbeddedPlatform platform) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return props;
  }

  private static Properties consumerProps(EmbeddedPlatform platform) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "java-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return props;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] copy = new byte[buffer.remaining()];
    buffer.duplicate().get(copy);
    return copy;
  }

  private static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines[lines.length - 1];
  }

  private record Result(int exitCode, String output) {}

  private static Result run(List<String> command, int timeoutSeconds) throws Exception {
    File log = File.createTempFile("python-interop", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "python client did not finish within "
              + timeoutSeconds
              + " s: "
              + Files.readString(log.toPath()));
    }
    return new Result(process.exitValue(), Files.readString(log.toPath(), StandardCharsets.UTF_8));
  }
}
