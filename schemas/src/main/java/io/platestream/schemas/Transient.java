package io.platestream.schemas;

/**
 * Marks a failure of something outside the record (a schema registry, a database, a webhook that is
 * away for now), which a later try may cure. Such a failure is never a reason to dead-letter or
 * skip a record: the stage waits and tries the same record again. Only a record bad in itself goes
 * to a dead-letter topic.
 */
public interface Transient {

  /** Whether {@code failure} or one of its causes is transient. */
  static boolean in(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof Transient) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /** Throws {@code failure} again when it is transient; the caller dead-letters only otherwise. */
  static void rethrowIfTransient(RuntimeException failure) {
    if (in(failure)) {
      throw failure;
    }
  }
}
