package io.platestream.platform;

import io.platestream.schemas.KafkaSecurity;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams settings every PlateStream stage runs with. */
public final class StreamsStageConfig {
  private StreamsStageConfig() {}

  /**
   * Exactly-once (v2), state under {@code stateDir}, commits every 100 ms so that results and state
   * changes become visible quickly (each commit ends a transaction).
   */
  public static Properties properties(
      String applicationId, String bootstrapServers, Path stateDir) {
    return properties(applicationId, bootstrapServers, stateDir, null);
  }

  /**
   * The same, as a static member of its group when {@code instanceId} is given: a restarted
   * instance with the same id (after a crash, a deploy) takes its partitions back at once instead
   * of waiting for the group to drop the old member after its session timeout.
   */
  public static Properties properties(
      String applicationId, String bootstrapServers, Path stateDir, String instanceId) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    // Room for plate crops and frames in one request.
    props.put(StreamsConfig.producerPrefix("max.request.size"), 8 * 1024 * 1024);
    // A member that died (a crash, a thread replaced after a transient failure: Kafka Streams does
    // not leave the group then) holds its partitions until this runs out: 10 s, not 45 s.
    props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
    props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 3_000);
    if (instanceId != null) {
      // Kafka Streams suffixes it with each thread's index.
      props.put(
          StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId);
    }
    return KafkaSecurity.applyTo(props);
  }
}
