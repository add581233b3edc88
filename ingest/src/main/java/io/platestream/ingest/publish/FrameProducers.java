package io.platestream.ingest.publish;

import io.platestream.schemas.Frame;
import io.platestream.schemas.KafkaSecurity;
import io.platestream.schemas.registry.RegistryClientConfig;
import io.platestream.schemas.serde.AvroSerializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** The Kafka producer all cameras of a process share. */
public final class FrameProducers {
  private FrameProducers() {}

  /**
   * Idempotent, {@code acks=all}: a frame acknowledged is on every in-sync replica, and producer
   * retries after a broker fault never write it twice or out of order.
   *
   * @param overrides further producer settings (they win over the defaults here)
   */
  public static Producer<String, Frame> create(
      String bootstrapServers, String registryUrl, Map<String, Object> overrides) {
    return create(bootstrapServers, registryUrl, overrides, "platestream-ingest");
  }

  /** The same settings for the ingest's other Avro records (its ledger entries). */
  public static <T extends SpecificRecord> Producer<String, T> create(
      String bootstrapServers, String registryUrl, Map<String, Object> overrides, String clientId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // JPEG does not compress further; 1080p frames need more than the 1 MiB default.
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
    // A send blocks the camera's publisher (never its decoder) while metadata is missing.
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    config.put(RegistryClientConfig.URL, registryUrl);
    config.putAll(overrides);
    KafkaSecurity.applyTo(config);
    return new KafkaProducer<>(config, new StringSerializer(), serializer(config));
  }

  private static <T extends SpecificRecord> AvroSerializer<T> serializer(
      Map<String, Object> config) {
    AvroSerializer<T> serializer = new AvroSerializer<>();
    serializer.configure(config, false);
    return serializer;
  }
}
