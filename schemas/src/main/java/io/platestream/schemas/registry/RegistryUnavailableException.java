package io.platestream.schemas.registry;

import io.platestream.schemas.Transient;

/**
 * The schema registry could not be reached, or answered 5xx, on every try: it is away, and the
 * record that needed it is not at fault.
 */
public class RegistryUnavailableException extends SchemaRegistryException implements Transient {
  public RegistryUnavailableException(String message) {
    super(message, null);
  }
}
