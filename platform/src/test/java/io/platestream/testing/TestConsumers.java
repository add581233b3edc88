package io.platestream.testing;

import io.platestream.platform.EmbeddedPlatform;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Consumers with which tests check what a stage committed. */
public final class TestConsumers {
  private TestConsumers() {}

  /**
   * Reads {@code topic} from the beginning, only committed transactions (what a downstream consumer
   * of an exactly-once stage sees), in a group of its own. The caller closes it.
   */
  public static <V> KafkaConsumer<String, V> readCommitted(
      EmbeddedPlatform platform, String topic, Deserializer<V> values) {
    KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                platform.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            values);
    consumer.subscribe(List.of(topic));
    return consumer;
  }
}
