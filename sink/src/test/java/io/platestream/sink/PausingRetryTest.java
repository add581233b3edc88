package io.platestream.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.platform.EmbeddedPlatform;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Commits of a consumer group member on the real broker, around a rebalance. */
@ExtendWith(EmbeddedPlatformExtension.class)
class PausingRetryTest {
  @Test
  void aMemberThatLostAPartitionDoesNotCommitItsStaleOffsetOverTheNewOwners(
      EmbeddedPlatform platform) throws Exception {
    String topic = TestTopics.create(platform, "retry", 2);
    String group = topic + "-group";
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < 20; i++) {
        producer.send(new ProducerRecord<>(topic, i % 2, "k", "v" + i)).get();
      }
    }
    try (KafkaConsumer<String, String> first = member(platform, group);
        KafkaConsumer<String, String> second = member(platform, group)) {
      first.subscribe(List.of(topic));
      pollUntil(() -> first.assignment().size() == 2, first);
      // The second member joins: one partition moves to it while the first still holds offsets
      // for both (as a writer does that waited out a database outage with a batch in hand).
      second.subscribe(List.of(topic));
      pollUntil(
          () -> first.assignment().size() == 1 && second.assignment().size() == 1, first, second);
      TopicPartition moved = second.assignment().iterator().next();
      TopicPartition kept = first.assignment().iterator().next();
      second.commitSync(Map.of(moved, new OffsetAndMetadata(10)));

      boolean committed =
          PausingRetry.commit(
              first,
              Map.of(moved, new OffsetAndMetadata(3), kept, new OffsetAndMetadata(4)),
              () -> true,
              Duration.ofSeconds(1),
              (reason, waitMs) -> {});

      assertThat(committed).isTrue();
      Map<TopicPartition, OffsetAndMetadata> offsets = second.committed(Set.of(moved, kept));
      assertThat(offsets.get(moved).offset()).as("the new owner's offset stands").isEqualTo(10);
      assertThat(offsets.get(kept).offset()).as("the kept partition is committed").isEqualTo(4);
    }
  }

  private static KafkaConsumer<String, String> member(EmbeddedPlatform platform, String group) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            platform.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            group,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            1),
        new StringDeserializer(),
        new StringDeserializer());
  }

  /** Polls every member in turn (a rebalance needs each to rejoin) until the condition holds. */
  @SafeVarargs
  private static void pollUntil(
      java.util.function.BooleanSupplier condition, KafkaConsumer<String, String>... members) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("group settled in time").isLessThan(deadline);
      for (KafkaConsumer<String, String> member : members) {
        member.poll(Duration.ofMillis(100));
      }
    }
  }
}
