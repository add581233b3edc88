package io.platestream.platform;

import io.platestream.schemas.KafkaSecurity;
import java.nio.file.Path;
import java.util.Properties;
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
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    // Room for plate crops and frames in one request.
    props.put(StreamsConfig.producerPrefix("max.request.size"), 8 * 1024 * 1024);
    return KafkaSecurity.applyTo(props);
  }
}
