package io.platestream.schemas;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

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
