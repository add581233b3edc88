package io.platestream.models.artifact;

import java.util.List;

/**
 * Stores new artifacts in one store and fetches each location from the store that reads its scheme,
 * so versions published to a directory stay readable after a deployment moves to Kafka, and the
 * bundled {@code classpath:} models are always found.
 */
public final class RoutingArtifactStore implements ArtifactStore {
  private final ArtifactStore writeTo;
  private final List<ArtifactStore> readers;

  /**
   * @param writeTo where {@link #put} stores
   * @param readers tried in order for a fetch; {@code writeTo} is tried first
   */
  public RoutingArtifactStore(ArtifactStore writeTo, List<ArtifactStore> readers) {
    this.writeTo = writeTo;
    this.readers = readers;
  }

  @Override
  public String put(byte[] artifact) {
    return writeTo.put(artifact);
  }

  @Override
  public byte[] fetch(String location, String sha256) {
    if (writeTo.reads(location)) {
      return writeTo.fetch(location, sha256);
    }
    for (ArtifactStore reader : readers) {
      if (reader.reads(location)) {
        return reader.fetch(location, sha256);
      }
    }
    throw new ArtifactException(
        "no artifact store here reads " + location + " (unknown scheme or store not configured)");
  }

  @Override
  public boolean reads(String location) {
    return writeTo.reads(location) || readers.stream().anyMatch(r -> r.reads(location));
  }
}
