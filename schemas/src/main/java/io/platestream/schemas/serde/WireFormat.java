package io.platestream.schemas.serde;

import java.nio.ByteBuffer;

/**
 * Confluent's wire format: one magic byte 0, the schema id as a 4-byte big-endian integer, then the
 * Avro binary encoding of the record. Any Confluent-compatible client reads and writes exactly
 * this.
 */
public final class WireFormat {
  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_SIZE = 5;

  /** The schema id and Avro body of one record. */
  public record Framed(int schemaId, ByteBuffer body) {}

  public static byte[] frame(int schemaId, byte[] avroBody) {
    return ByteBuffer.allocate(HEADER_SIZE + avroBody.length)
        .put(MAGIC_BYTE)
        .putInt(schemaId)
        .put(avroBody)
        .array();
  }

  /** Splits a record into schema id and body, or says precisely why the bytes are not framed. */
  public static Framed unframe(String topic, byte[] bytes) {
    if (bytes.length < HEADER_SIZE) {
      throw new WireFormatException(
          "record of topic '"
              + topic
              + "' has "
              + bytes.length
              + " bytes, fewer than the "
              + HEADER_SIZE
              + "-byte Confluent wire-format header: truncated or not Avro");
    }
    if (bytes[0] != MAGIC_BYTE) {
      throw new WireFormatException(
          String.format(
              "record of topic '%s' starts with byte 0x%02x, not the Confluent magic byte 0x00:"
                  + " it was not written by a schema-registry serializer",
              topic, bytes[0] & 0xff));
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    buffer.get();
    int id = buffer.getInt();
    return new Framed(id, buffer.slice());
  }

  private WireFormat() {}
}
