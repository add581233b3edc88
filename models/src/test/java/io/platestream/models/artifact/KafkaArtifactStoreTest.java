package io.platestream.models.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.platform.EmbeddedPlatform;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Artifacts chunked into a compacted topic of the real broker, read back by another instance. */
@ExtendWith(EmbeddedPlatformExtension.class)
class KafkaArtifactStoreTest {
  private final EmbeddedPlatform platform;
  private String topic;
  private KafkaArtifactStore writer;
  private KafkaArtifactStore reader;

  KafkaArtifactStoreTest(EmbeddedPlatform platform) {
    this.platform = platform;
  }

  @BeforeEach
  void setUp() {
    topic = TestTopics.unique("artifacts");
    platform.kafka().createTopics(3, Map.of("cleanup.policy", "compact"), topic);
    writer = new KafkaArtifactStore(platform.bootstrapServers(), topic);
    // Another process's store: it shares nothing with the writer but the broker.
    reader = new KafkaArtifactStore(platform.bootstrapServers(), topic);
  }

  @AfterEach
  void tearDown() {
    writer.close();
    reader.close();
  }

  @Test
  void aModelOfManyChunksComesBackByteForByteInAnotherStore() {
    byte[] model = ClasspathArtifacts.read("models/ch_PP-OCRv4_det_infer.onnx");
    assertThat(model.length).isGreaterThan(4 * KafkaArtifactStore.CHUNK_BYTES);

    String location = writer.put(model);

    assertThat(location).startsWith("kafka:" + topic + "/").endsWith("/" + Sha256.hex(model));
    assertThat(reader.fetch(location, Sha256.hex(model))).isEqualTo(model);
  }

  @Test
  void artifactsSideBySideAreKeptApartAndStoringOneTwiceKeepsItsLocation() {
    byte[] a = random(1, KafkaArtifactStore.CHUNK_BYTES * 2 + 17);
    byte[] b = random(2, KafkaArtifactStore.CHUNK_BYTES - 1);
    byte[] empty = new byte[0];

    String locationA = writer.put(a);
    String locationB = writer.put(b);
    String locationEmpty = writer.put(empty);

    assertThat(writer.put(a)).isEqualTo(locationA);
    assertThat(reader.fetch(locationA, Sha256.hex(a))).isEqualTo(a);
    assertThat(reader.fetch(locationB, Sha256.hex(b))).isEqualTo(b);
    assertThat(reader.fetch(locationEmpty, Sha256.hex(empty))).isEmpty();
  }

  @Test
  void aDigestThatDiffersFromThePublishedOneIsRefused() {
    byte[] a = random(3, 1000);
    String location = writer.put(a);
    String other = Sha256.hex(random(4, 1000));

    assertThatThrownBy(() -> reader.fetch(location, other))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("has SHA-256 " + Sha256.hex(a) + ", but " + other);
  }

  @Test
  void locationsThatNameNothingStoredGiveTheirReason() {
    String missing = Sha256.hex(random(5, 10));
    String location = writer.put(random(6, 10));
    String partition = location.split("/")[1];

    assertThatThrownBy(
            () -> reader.fetch("kafka:" + topic + "/" + partition + "/0/" + missing, missing))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("is not in Kafka: none of its chunks were found");
    assertThatThrownBy(() -> reader.fetch("kafka:" + topic + "/9/0/" + missing, missing))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("has no partition " + topic + "-9");
    assertThatThrownBy(() -> reader.fetch("kafka:" + topic + "/0/" + missing, missing))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("malformed artifact location");
  }

  @Test
  void theRouterReadsEachSchemeFromItsStoreAndWritesToOne(@TempDir Path directory) {
    DirectoryArtifactStore local = new DirectoryArtifactStore(directory);
    RoutingArtifactStore router = new RoutingArtifactStore(writer, List.of(reader, local));
    byte[] onDisk = random(7, 100);
    String fileLocation = local.put(onDisk);
    byte[] inKafka = random(8, 100);

    String kafkaLocation = router.put(inKafka);

    assertThat(kafkaLocation).startsWith("kafka:");
    assertThat(router.fetch(fileLocation, Sha256.hex(onDisk))).isEqualTo(onDisk);
    assertThat(router.fetch(kafkaLocation, Sha256.hex(inKafka))).isEqualTo(inKafka);
    assertThatThrownBy(() -> router.fetch("s3://bucket/model.onnx", Sha256.hex(onDisk)))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("no artifact store here reads s3://bucket/model.onnx");
  }

  private static byte[] random(long seed, int size) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
