package io.platestream.detector.stage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * A frame record waiting in the batch store, with where it was read (for dead-letter headers, which
 * a punctuation cannot ask the context for). Stored as a small binary envelope: the value stays the
 * producer's bytes, untouched.
 */
record PendingFrame(Record<String, byte[]> record, String topic, int partition, long offset) {

  /** The record being processed, with where the context says it was read. */
  static PendingFrame of(Record<String, byte[]> record, ProcessorContext<?, ?> context) {
    return new PendingFrame(
        record,
        context.recordMetadata().map(RecordMetadata::topic).orElse("?"),
        context.recordMetadata().map(RecordMetadata::partition).orElse(-1),
        context.recordMetadata().map(RecordMetadata::offset).orElse(-1L));
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(record.value().length + 256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writeNullable(
          out,
          record.key() == null
              ? null
              : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.writeLong(record.timestamp());
      Header[] headers = record.headers().toArray();
      out.writeInt(headers.length);
      for (Header header : headers) {
        out.writeUTF(header.key());
        writeNullable(out, header.value());
      }
      out.writeUTF(topic);
      out.writeInt(partition);
      out.writeLong(offset);
      writeNullable(out, record.value());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static PendingFrame decode(byte[] envelope) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(envelope))) {
      byte[] key = readNullable(in);
      long timestamp = in.readLong();
      RecordHeaders headers = new RecordHeaders();
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        headers.add(in.readUTF(), readNullable(in));
      }
      String topic = in.readUTF();
      int partition = in.readInt();
      long offset = in.readLong();
      byte[] value = readNullable(in);
      String keyText =
          key == null ? null : new String(key, java.nio.charset.StandardCharsets.UTF_8);
      return new PendingFrame(
          new Record<>(keyText, value, timestamp, headers), topic, partition, offset);
    } catch (IOException e) {
      throw new UncheckedIOException("a pending frame in the batch store is damaged", e);
    }
  }

  private static void writeNullable(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes == null ? -1 : bytes.length);
    if (bytes != null) {
      out.write(bytes);
    }
  }

  private static byte[] readNullable(DataInputStream in) throws IOException {
    int length = in.readInt();
    return length < 0 ? null : in.readNBytes(length);
  }
}
