package io.platestream.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/** Decides registrations with Avro's own reader/writer compatibility checker. */
public final class AvroCompatibility {

  /**
   * Returns null when {@code candidate} may follow {@code existing} (oldest first) under the level,
   * or a sentence naming the first incompatibility.
   */
  public static String violation(
      CompatibilityLevel level, Schema candidate, List<Schema> existing) {
    if (level == CompatibilityLevel.NONE || existing.isEmpty()) {
      return null;
    }
    List<Schema> against =
        level.transitive() ? existing : List.of(existing.get(existing.size() - 1));
    for (int i = against.size() - 1; i >= 0; i--) {
      Schema earlier = against.get(i);
      if (level.checksBackward()) {
        String problem = check(candidate, earlier);
        if (problem != null) {
          return "the new schema cannot read data written with an earlier version ("
              + level
              + "): "
              + problem;
        }
      }
      if (level.checksForward()) {
        String problem = check(earlier, candidate);
        if (problem != null) {
          return "readers on an earlier version cannot read data written with the new schema ("
              + level
              + "): "
              + problem;
        }
      }
    }
    return null;
  }

  private static String check(Schema reader, Schema writer) {
    SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return null;
    }
    return result.getResult().getIncompatibilities().stream()
        .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
        .findFirst()
        .orElse(result.getDescription());
  }

  private AvroCompatibility() {}
}
