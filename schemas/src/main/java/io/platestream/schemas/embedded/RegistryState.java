package io.platestream.schemas.embedded;

import io.platestream.schemas.registry.CompatibilityLevel;
import io.platestream.schemas.registry.RegisteredSchema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry's content, rebuilt by replaying the {@code _schemas} log. Pure and deterministic:
 * every instance that has read the same records holds the same state, which is how two registry
 * instances on one topic agree, and how ids survive a restart.
 *
 * <p>Schema ids are derived from the schema text (a hash), not from a counter, so two instances
 * registering the same schema at the same moment choose the same id without talking to each other.
 * Versions order a subject's schemas by the version each writer claimed, then by id, so that a race
 * between two writers still yields the same numbering everywhere.
 */
public final class RegistryState {
  /** One registration as it is stored in the log. */
  public record Registration(String subject, int id, int claimedVersion, String schema) {}

  private final Map<Integer, String> schemasById = new HashMap<>();
  private final Map<String, List<Registration>> subjects = new TreeMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;

  public void apply(Registration registration) {
    schemasById.putIfAbsent(registration.id(), registration.schema());
    List<Registration> versions =
        subjects.computeIfAbsent(registration.subject(), s -> new ArrayList<>());
    boolean known = versions.stream().anyMatch(r -> r.id() == registration.id());
    if (!known) {
      versions.add(registration);
      versions.sort(
          Comparator.comparingInt(Registration::claimedVersion).thenComparingInt(Registration::id));
    }
  }

  /** Sets a subject's level, or the global level when subject is null; a null level clears it. */
  public void applyConfig(String subject, CompatibilityLevel level) {
    if (subject == null) {
      globalLevel = level == null ? CompatibilityLevel.BACKWARD : level;
    } else if (level == null) {
      subjectLevels.remove(subject);
    } else {
      subjectLevels.put(subject, level);
    }
  }

  /**
   * The id a new schema text gets: a positive hash of the text, moved past any id already taken by
   * a different schema (a collision, about one in a billion per pair).
   */
  public int idFor(String schemaText) {
    int id = hash(schemaText);
    while (schemasById.containsKey(id) && !schemasById.get(id).equals(schemaText)) {
      id = id == Integer.MAX_VALUE ? 1 : id + 1;
    }
    return id;
  }

  public Optional<String> schema(int id) {
    return Optional.ofNullable(schemasById.get(id));
  }

  public List<String> subjectNames() {
    return new ArrayList<>(subjects.keySet());
  }

  /** The subject's versions, oldest first, numbered from 1. */
  public List<RegisteredSchema> versions(String subject) {
    List<Registration> list = subjects.getOrDefault(subject, List.of());
    List<RegisteredSchema> numbered = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      Registration r = list.get(i);
      numbered.add(new RegisteredSchema(subject, r.id(), i + 1, r.schema()));
    }
    return numbered;
  }

  public Optional<RegisteredSchema> find(String subject, String schemaText) {
    return versions(subject).stream().filter(v -> v.schema().equals(schemaText)).findFirst();
  }

  public CompatibilityLevel globalLevel() {
    return globalLevel;
  }

  public Optional<CompatibilityLevel> subjectLevel(String subject) {
    return Optional.ofNullable(subjectLevels.get(subject));
  }

  public CompatibilityLevel effectiveLevel(String subject) {
    return subjectLevels.getOrDefault(subject, globalLevel);
  }

  private static int hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      int value =
          ((digest[0] & 0x7f) << 24)
              | ((digest[1] & 0xff) << 16)
              | ((digest[2] & 0xff) << 8)
              | (digest[3] & 0xff);
      return value == 0 ? 1 : value;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
