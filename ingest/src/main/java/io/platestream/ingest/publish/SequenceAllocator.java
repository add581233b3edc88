package io.platestream.ingest.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Per-camera frame sequence numbers that increase across reconnects and across restarts of the
 * process. Numbers are reserved in blocks: before the first number of a block is handed out, the
 * block's end is written to the camera's state file (atomically replaced), so a restart continues
 * after everything that may have been used. A crash costs at most one block of unused numbers,
 * never a repeat.
 */
public final class SequenceAllocator {
  static final long BLOCK = 1000;

  private final Path stateFile;
  private long next;
  private long reservedUntil; // exclusive

  private SequenceAllocator(Path stateFile, long next) {
    this.stateFile = stateFile;
    this.next = next;
    this.reservedUntil = next;
  }

  /** Continues the camera's numbering from {@code <stateDir>/<cameraId>.seq}. */
  public static SequenceAllocator persistent(Path stateDir, String cameraId) {
    Path file = stateDir.resolve(cameraId + ".seq");
    try {
      Files.createDirectories(stateDir);
      long start = 0;
      if (Files.exists(file)) {
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
          start = Long.parseLong(text);
        } catch (NumberFormatException e) {
          throw new IllegalStateException(
              "sequence state "
                  + file
                  + " is damaged ('"
                  + text
                  + "'); delete it only if the camera's numbering may start again from 0");
        }
      }
      return new SequenceAllocator(file, start);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read sequence state " + file, e);
    }
  }

  public synchronized long next() {
    if (next >= reservedUntil) {
      reserve(next + BLOCK);
    }
    return next++;
  }

  private void reserve(long until) {
    Path temp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
    try {
      Files.writeString(temp, Long.toString(until), StandardCharsets.US_ASCII);
      try {
        Files.move(
            temp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, stateFile, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write sequence state " + stateFile, e);
    }
    reservedUntil = until;
  }
}
