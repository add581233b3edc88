package io.platestream.models.artifact;

import io.platestream.platform.KafkaClients;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Artifacts in a compacted Kafka topic, so that stages on other machines need no shared file
 * system. An artifact is cut into chunks of {@value #CHUNK_BYTES} bytes (under the broker's default
 * 1 MiB record limit) keyed {@code <sha256>/<index>}, all on the one partition its digest picks.
 * Keys are unique per content, so compaction keeps every chunk of every artifact, and storing the
 * same bytes twice leaves readers seeing the same content.
 *
 * <p>A location, {@code kafka:<topic>/<partition>/<offset>/<sha256>}, names the offset where the
 * first chunk was found or written. A reader starts there and reads forward until it has every
 * chunk: if compaction removed those records, the same chunks were written again later, so reading
 * forward still finds them.
 */
public final class KafkaArtifactStore implements ArtifactStore, AutoCloseable {
  static final int CHUNK_BYTES = 512 * 1024;
  private static final String SCHEME = "kafka:";
  private static final String CHUNKS_HEADER = "platestream.chunks";
  private static final Duration READ_LIMIT = Duration.ofSeconds(60);

  private final String topic;
  private final KafkaProducer<String, byte[]> producer;
  private final Map<String, Object> consumerConfig;

  /** A store on {@code topic}, which must exist (compacted). */
  public KafkaArtifactStore(String bootstrapServers, String topic) {
    this.topic = topic;
    this.producer =
        new KafkaProducer<>(
            KafkaClients.reliableProducer(bootstrapServers),
            new StringSerializer(),
            new ByteArraySerializer());
    // Chunks are written outside transactions: every record is committed as it is acknowledged.
    this.consumerConfig = KafkaClients.committedReader(bootstrapServers, null);
  }

  @Override
  public String put(byte[] artifact) {
    String sha = Sha256.hex(artifact);
    int partitions = producer.partitionsFor(topic).size();
    int partition = Integer.parseInt(sha.substring(0, 6), 16) % partitions;
    Found stored = read(new TopicPartition(topic, partition), 0, sha);
    if (stored.complete()) {
      return location(partition, stored.firstOffset, sha);
    }
    int chunks = Math.max(1, (artifact.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (int i = 0; i < chunks; i++) {
      byte[] chunk =
          Arrays.copyOfRange(
              artifact, i * CHUNK_BYTES, Math.min(artifact.length, (i + 1) * CHUNK_BYTES));
      RecordHeaders headers = new RecordHeaders();
      headers.add(CHUNKS_HEADER, Integer.toString(chunks).getBytes(StandardCharsets.UTF_8));
      sent.add(
          producer.send(new ProducerRecord<>(topic, partition, sha + "/" + i, chunk, headers)));
    }
    long firstOffset = acknowledged(sent.get(0), sha).offset();
    for (Future<RecordMetadata> chunk : sent) {
      acknowledged(chunk, sha);
    }
    return location(partition, firstOffset, sha);
  }

  @Override
  public byte[] fetch(String location, String sha256) {
    String[] parts = parse(location);
    Found found;
    try {
      found =
          read(
              new TopicPartition(parts[0], Integer.parseInt(parts[1])),
              Long.parseLong(parts[2]),
              parts[3]);
    } catch (NumberFormatException e) {
      throw new ArtifactException(
          "malformed artifact location " + location + ": " + e.getMessage());
    }
    if (!found.complete()) {
      throw new ArtifactException(
          "artifact "
              + location
              + " is not in Kafka: "
              + (found.expected == 0
                  ? "none of its chunks were found"
                  : found.present() + " of its " + found.expected + " chunks were found"));
    }
    return ArtifactStore.verified(location, found.bytes(), sha256);
  }

  @Override
  public boolean reads(String location) {
    return location.startsWith(SCHEME);
  }

  private String location(int partition, long offset, String sha) {
    return SCHEME + topic + "/" + partition + "/" + offset + "/" + sha;
  }

  /** Topic, partition, offset and digest of a {@code kafka:} location. */
  private static String[] parse(String location) {
    String[] parts =
        location.startsWith(SCHEME)
            ? location.substring(SCHEME.length()).split("/")
            : new String[0];
    if (parts.length != 4 || parts[3].length() != 64) {
      throw new ArtifactException(
          "malformed artifact location "
              + location
              + " (expected kafka:<topic>/<partition>/<offset>/<sha256>)");
    }
    return parts;
  }

  private static RecordMetadata acknowledged(Future<RecordMetadata> send, String sha) {
    try {
      return send.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new ArtifactException("cannot store artifact " + sha + ": " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new ArtifactException(
          "Kafka did not acknowledge a chunk of artifact " + sha + " within 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ArtifactException("interrupted while storing artifact " + sha, e);
    }
  }

  /** The chunks of {@code sha} from {@code offset} on, stopping once all are in hand. */
  private Found read(TopicPartition partition, long offset, String sha) {
    String prefix = sha + "/";
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
      if (consumer.partitionsFor(partition.topic(), Duration.ofSeconds(30)).stream()
          .noneMatch(p -> p.partition() == partition.partition())) {
        throw new ArtifactException("the artifact topic has no partition " + partition);
      }
      List<TopicPartition> assigned = List.of(partition);
      consumer.assign(assigned);
      consumer.seek(partition, offset);
      long end = consumer.endOffsets(assigned, Duration.ofSeconds(30)).get(partition);
      Found found = new Found();
      long deadline = System.nanoTime() + READ_LIMIT.toNanos();
      while (!found.complete() && consumer.position(partition) < end) {
        if (System.nanoTime() > deadline) {
          throw new ArtifactException(
              "could not read artifact " + sha + " from " + partition + " within " + READ_LIMIT);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.key() != null && record.key().startsWith(prefix) && record.value() != null) {
            found.add(record, prefix);
          }
        }
      }
      return found;
    }
  }

  /** Chunks of one artifact collected so far; the first copy of each index wins. */
  private static final class Found {
    private byte[][] chunks = new byte[0][];
    private int expected;
    private long firstOffset = Long.MAX_VALUE;

    void add(ConsumerRecord<String, byte[]> record, String prefix) {
      Header header = record.headers().lastHeader(CHUNKS_HEADER);
      int index;
      try {
        index = Integer.parseInt(record.key().substring(prefix.length()));
      } catch (NumberFormatException e) {
        return; // not a chunk this store wrote
      }
      if (header == null || index < 0) {
        return;
      }
      if (expected == 0) {
        expected = Integer.parseInt(new String(header.value(), StandardCharsets.UTF_8));
        chunks = new byte[expected][];
      }
      if (index < expected && chunks[index] == null) {
        chunks[index] = record.value();
        firstOffset = Math.min(firstOffset, record.offset());
      }
    }

    int present() {
      return (int) Arrays.stream(chunks).filter(c -> c != null).count();
    }

    boolean complete() {
      return expected > 0 && present() == expected;
    }

    byte[] bytes() {
      ByteBuffer all = ByteBuffer.allocate(Arrays.stream(chunks).mapToInt(c -> c.length).sum());
      Arrays.stream(chunks).forEach(all::put);
      return all.array();
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
