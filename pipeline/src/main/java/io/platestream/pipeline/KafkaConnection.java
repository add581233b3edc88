package io.platestream.pipeline;

import io.platestream.platform.TopicCreator;
import io.platestream.platform.TopicLayout;
import java.util.Collection;
import java.util.List;

/**
 * The Kafka cluster and schema registry a process works with, and the partition count of the
 * camera-keyed topics it creates.
 */
public record KafkaConnection(String bootstrapServers, String schemaRegistryUrl, int partitions) {

  public KafkaConnection {
    if (bootstrapServers == null || schemaRegistryUrl == null) {
      throw new IllegalArgumentException("a Kafka connection needs brokers and a schema registry");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
    }
  }

  /**
   * Creates the topics that are missing as {@link TopicLayout} plans them, and checks those that
   * exist.
   */
  public void ensureTopics(Collection<String> topics) {
    TopicCreator.ensure(
        bootstrapServers, topics.stream().map(t -> TopicLayout.of(t, partitions)).toList());
  }

  public void ensureTopics(String... topics) {
    ensureTopics(List.of(topics));
  }
}
