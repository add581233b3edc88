package io.platestream.pipeline;

import io.platestream.platform.KafkaClients;
import io.platestream.schemas.PlateLabel;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * How many events carry a plate label (confirmed or corrected) on the compacted labels topic, kept
 * up to date by reading only what was added since the last count: the retrain loop checks often,
 * and the topic holds every label's crop and snapshot. A later label of the same event replaces the
 * earlier one, and a tombstone (the event deleted) removes it.
 */
public final class PlateLabelCount implements AutoCloseable {
  private static final Duration LIMIT = Duration.ofMinutes(2);

  private final KafkaConsumer<String, PlateLabel> consumer;
  private final List<TopicPartition> partitions;
  private final Set<String> plates = new HashSet<>();
  private long recordsRead;

  public PlateLabelCount(String bootstrapServers, SchemaRegistryClient registry, String topic) {
    this.consumer =
        new KafkaConsumer<>(
            KafkaClients.committedReader(bootstrapServers, null),
            new StringDeserializer(),
            new AvroDeserializer<>(PlateLabel.class, registry));
    try {
      this.partitions = KafkaClients.partitions(consumer, topic);
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** The plate labels now on the topic, reading from where the last count stopped. */
  public int count() {
    KafkaClients.pollToEnd(
        consumer,
        partitions,
        LIMIT,
        (eventId, label) -> {
          recordsRead++;
          if (label != null && LabelSplit.PLATE_TEXT.contains(label.getVerdict())) {
            plates.add(eventId);
          } else {
            plates.remove(eventId);
          }
        });
    return plates.size();
  }

  /** Records read since this count was opened: each only once. */
  public long recordsRead() {
    return recordsRead;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
