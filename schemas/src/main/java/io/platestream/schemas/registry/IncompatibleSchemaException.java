package io.platestream.schemas.registry;

/** Registration refused because the schema breaks the subject's compatibility level. */
public class IncompatibleSchemaException extends SchemaRegistryException {
  public IncompatibleSchemaException(String message) {
    super(409, INCOMPATIBLE_SCHEMA, message);
  }
}
