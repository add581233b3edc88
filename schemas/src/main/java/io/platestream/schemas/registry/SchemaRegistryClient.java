package io.platestream.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry REST protocol that PlateStream's serde and tools use.
 * Implementations cache immutable answers (an id's schema never changes).
 */
public interface SchemaRegistryClient extends AutoCloseable {

  /** Registers the schema under the subject (or finds it there) and returns its global id. */
  int register(String subject, Schema schema);

  /**
   * The subject's version holding exactly this schema; fails with 40403 when it was never
   * registered.
   */
  RegisteredSchema lookup(String subject, Schema schema);

  /** The schema with this global id. Fetched at most once per client. */
  Schema getById(int id);

  /** The newest version of the subject. */
  RegisteredSchema latest(String subject);

  /** One version of the subject. */
  RegisteredSchema version(String subject, int version);

  /** All versions of the subject, oldest first. */
  List<Integer> versions(String subject);

  /** All subjects that have at least one version. */
  List<String> subjects();

  /** Whether the schema could be registered as the next version under the subject's rules. */
  boolean isCompatible(String subject, Schema schema);

  /** The registry-wide compatibility level. */
  CompatibilityLevel globalCompatibility();

  /** Sets the compatibility level of one subject (or the global level when subject is null). */
  void setCompatibility(String subject, CompatibilityLevel level);

  @Override
  void close();
}
