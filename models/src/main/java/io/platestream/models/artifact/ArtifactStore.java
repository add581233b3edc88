package io.platestream.models.artifact;

/** Where model artifacts are kept. Locations are URIs recorded in {@code ModelVersion}. */
public interface ArtifactStore {

  /** Stores the artifact (idempotent: the same bytes give the same location). */
  String put(byte[] artifact);

  /**
   * The artifact at {@code location}, checked against {@code sha256}.
   *
   * @throws ArtifactException when it cannot be read or its digest differs
   */
  byte[] fetch(String location, String sha256);
}
