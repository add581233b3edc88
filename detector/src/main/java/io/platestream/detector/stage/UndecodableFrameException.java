package io.platestream.detector.stage;

/** A frame whose image cannot be decoded: corrupt or truncated JPEG, or size fields that lie. */
public class UndecodableFrameException extends RuntimeException {
  public UndecodableFrameException(String message) {
    super(message);
  }
}
