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

  /** Whether {@link #fetch} can read {@code location} (its scheme is this store's). */
  boolean reads(String location);

  /**
   * Checks fetched bytes against the published digest.
   *
   * @throws ArtifactException when they differ
   */
  static byte[] verified(String location, byte[] bytes, String sha256) {
    String actual = Sha256.hex(bytes);
    if (!actual.equals(sha256)) {
      throw new ArtifactException(
          "artifact " + location + " has SHA-256 " + actual + ", but " + sha256 + " was published");
    }
    return bytes;
  }
}
