package io.platestream.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/** The Avro body after the wire-format header cannot be decoded with the schema it names. */
public class CorruptPayloadException extends SerializationException {
  public CorruptPayloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
