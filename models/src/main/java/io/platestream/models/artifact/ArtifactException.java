package io.platestream.models.artifact;

/** A model artifact that cannot be stored or fetched, or whose bytes are not what was published. */
public class ArtifactException extends RuntimeException {
  public ArtifactException(String message) {
    super(message);
  }

  public ArtifactException(String message, Throwable cause) {
    super(message, cause);
  }
}
