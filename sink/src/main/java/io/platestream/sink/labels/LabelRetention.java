package io.platestream.sink.labels;

import io.platestream.platform.KafkaClients;
import io.platestream.schemas.PlateLabel;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.sink.Periodic;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labels keep no longer than the events they are about: on a schedule, every label whose pass began
 * before the history's retention period is deleted (a tombstone, so compaction removes its crop and
 * snapshot too).
 */
public final class LabelRetention implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LabelRetention.class);

  private final String bootstrapServers;
  private final SchemaRegistryClient schemas;
  private final String topic;
  private final LabelWriter labels;
  private final Duration keep;
  private final Clock clock;
  private Periodic schedule;

  public LabelRetention(
      String bootstrapServers,
      SchemaRegistryClient schemas,
      String topic,
      LabelWriter labels,
      Duration keep,
      Clock clock) {
    if (keep.isNegative() || keep.isZero()) {
      throw new IllegalArgumentException("the retention period must be positive, got " + keep);
    }
    this.bootstrapServers = bootstrapServers;
    this.schemas = schemas;
    this.topic = topic;
    this.labels = labels;
    this.keep = keep;
    this.clock = clock;
  }

  /** Deletes the labels older than the retention period now; how many. */
  public int runOnce() {
    long before = clock.millis() - keep.toMillis();
    Map<String, PlateLabel> all =
        KafkaClients.latestByKey(
            bootstrapServers,
            topic,
            new AvroDeserializer<>(PlateLabel.class, schemas),
            Duration.ofMinutes(2));
    int deleted = 0;
    for (Map.Entry<String, PlateLabel> label : all.entrySet()) {
      if (label.getValue().getFirstSeenMs() < before) {
        labels.delete(label.getKey());
        deleted++;
      }
    }
    if (deleted > 0) {
      log.info("retention: deleted {} labels of events older than {}", deleted, keep);
    }
    return deleted;
  }

  /** Runs now and then every {@code every} until closed; a failed run is logged and retried. */
  public LabelRetention start(Duration every) {
    schedule = Periodic.start("label-retention", every, this::runOnce);
    return this;
  }

  @Override
  public void close() {
    if (schedule != null) {
      schedule.close();
    }
  }
}
