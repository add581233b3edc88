package io.platestream.ingest.source;

/** A camera that cannot be opened or read: refused, unreachable, unsupported codec, corrupt. */
public class SourceException extends Exception {
  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }

  public SourceException(String message) {
    super(message);
  }
}
