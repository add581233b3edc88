package io.platestream.ingest.config;

/** A camera list that cannot be used, with what is wrong and where. */
public class CameraConfigException extends RuntimeException {
  public CameraConfigException(String message) {
    super(message);
  }

  public CameraConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
