package io.platestream.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/** A record names a schema id that the schema registry does not know. */
public class UnknownSchemaIdException extends SerializationException {
  private final int schemaId;

  public UnknownSchemaIdException(String message, int schemaId, Throwable cause) {
    super(message, cause);
    this.schemaId = schemaId;
  }

  public int schemaId() {
    return schemaId;
  }
}
