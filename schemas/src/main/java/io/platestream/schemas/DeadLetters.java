package io.platestream.schemas;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Headers that say why a record went to a dead-letter topic. The record itself keeps its original
 * key and bytes, so it can be inspected, fixed and replayed.
 */
public final class DeadLetters {
  public static final String ERROR_CLASS = "platestream.error.class";
  public static final String ERROR_MESSAGE = "platestream.error.message";
  public static final String STAGE = "platestream.error.stage";
  public static final String SOURCE_TOPIC = "platestream.error.topic";
  public static final String SOURCE_PARTITION = "platestream.error.partition";
  public static final String SOURCE_OFFSET = "platestream.error.offset";

  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  /**
   * What a stage forwards to its dead-letter sink in place of a record it cannot process: the same
   * key and original bytes, its headers plus the cause and where it was read. Logs one line.
   */
  public static <K> Record<K, Object> record(
      ProcessorContext<?, ?> context, Record<K, byte[]> record, String stage, Exception cause) {
    String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("?");
    int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
    long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
    return record(record, stage, cause, topic, partition, offset);
  }

  /** The same, for a record read earlier (from a buffer) at the given place. */
  public static <K> Record<K, Object> record(
      Record<K, byte[]> record,
      String stage,
      Exception cause,
      String topic,
      int partition,
      long offset) {
    if (cause instanceof RuntimeException runtime) {
      // A service away is no fault of the record: thrown again, so the stage retries it. Callers
      // build the dead letter before they count it.
      Transient.rethrowIfTransient(runtime);
    }
    log.warn(
        "{}: record at {}-{}@{} sent to the dead-letter topic: {}",
        stage,
        topic,
        partition,
        offset,
        cause.getMessage());
    return record
        .withValue((Object) record.value())
        .withHeaders(headers(record.headers(), stage, cause, topic, partition, offset));
  }

  /** The record's own headers, then the cause. */
  public static Headers headers(
      Headers original, String stage, Throwable error, String topic, int partition, long offset) {
    RecordHeaders headers = new RecordHeaders(original.toArray());
    headers.add(ERROR_CLASS, utf8(error.getClass().getName()));
    headers.add(ERROR_MESSAGE, utf8(String.valueOf(error.getMessage())));
    headers.add(STAGE, utf8(stage));
    headers.add(SOURCE_TOPIC, utf8(topic));
    headers.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
    headers.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
    return headers;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private DeadLetters() {}
}
