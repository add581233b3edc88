package io.platestream.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/** The bytes of a record are not in the Confluent wire format (magic byte 0, 4-byte schema id). */
public class WireFormatException extends SerializationException {
  public WireFormatException(String message) {
    super(message);
  }
}
