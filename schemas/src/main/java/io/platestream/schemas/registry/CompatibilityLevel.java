package io.platestream.schemas.registry;

import java.util.Locale;

/** Compatibility levels of the Confluent Schema Registry protocol. */
public enum CompatibilityLevel {
  NONE,
  BACKWARD,
  BACKWARD_TRANSITIVE,
  FORWARD,
  FORWARD_TRANSITIVE,
  FULL,
  FULL_TRANSITIVE;

  /** Parses a level name as the REST API spells it, with a clear error for anything else. */
  public static CompatibilityLevel parse(String name) {
    if (name == null) {
      throw new IllegalArgumentException("compatibility level is missing");
    }
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown compatibility level '"
              + name
              + "'; expected one of NONE, BACKWARD,"
              + " BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE");
    }
  }

  /**
   * Whether a new schema must be readable by readers of older schemas' data, i.e. can read them.
   */
  public boolean checksBackward() {
    return this == BACKWARD
        || this == BACKWARD_TRANSITIVE
        || this == FULL
        || this == FULL_TRANSITIVE;
  }

  /** Whether readers on older schemas must be able to read data written with the new schema. */
  public boolean checksForward() {
    return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
  }

  /** Transitive levels check against every earlier version, the others only against the latest. */
  public boolean transitive() {
    return name().endsWith("_TRANSITIVE");
  }
}
