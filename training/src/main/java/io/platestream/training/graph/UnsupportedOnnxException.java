package io.platestream.training.graph;

/** A model the training graph cannot run: an unknown op or attribute, named with its node. */
public final class UnsupportedOnnxException extends RuntimeException {
  public UnsupportedOnnxException(String message) {
    super(message);
  }
}
