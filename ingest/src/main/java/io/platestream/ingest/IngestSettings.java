package io.platestream.ingest;

import io.platestream.ingest.encode.JpegEncoder;
import io.platestream.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings shared by all camera workers of one ingest process.
 *
 * @param ioTimeout how long a camera read may block before the connection counts as lost
 * @param backoffInitial first reconnect delay
 * @param backoffMax longest reconnect delay
 * @param queueFrames encoded frames a camera may hold while Kafka is slow; older ones are dropped
 * @param maxInFlightFrames frames per camera handed to the Kafka producer and not yet acknowledged
 * @param stateDir where each camera's sequence-number reservation is kept across restarts
 * @param topic where frames are published
 * @param encoder the JPEG encoder
 */
public record IngestSettings(
    Duration ioTimeout,
    Duration backoffInitial,
    Duration backoffMax,
    int queueFrames,
    int maxInFlightFrames,
    Path stateDir,
    String topic,
    JpegEncoder.Kind encoder) {

  public static IngestSettings defaults(Path stateDir) {
    return new IngestSettings(
        Duration.ofSeconds(5),
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        25,
        8,
        stateDir,
        Topics.FRAMES,
        JpegEncoder.Kind.FFMPEG);
  }

  public IngestSettings withTopic(String topic) {
    return new IngestSettings(
        ioTimeout,
        backoffInitial,
        backoffMax,
        queueFrames,
        maxInFlightFrames,
        stateDir,
        topic,
        encoder);
  }

  public IngestSettings withTimeouts(Duration ioTimeout, Duration backoffInitial, Duration max) {
    return new IngestSettings(
        ioTimeout, backoffInitial, max, queueFrames, maxInFlightFrames, stateDir, topic, encoder);
  }

  public IngestSettings withEncoder(JpegEncoder.Kind encoder) {
    return new IngestSettings(
        ioTimeout,
        backoffInitial,
        backoffMax,
        queueFrames,
        maxInFlightFrames,
        stateDir,
        topic,
        encoder);
  }
}
