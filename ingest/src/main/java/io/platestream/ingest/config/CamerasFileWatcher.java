package io.platestream.ingest.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the camera file when its content changes and hands the new list on. Polls the content
 * (not the modification time, which editors and config-map mounts do not update reliably). A file
 * that does not parse is reported and the cameras keep running on the last good list.
 */
public final class CamerasFileWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CamerasFileWatcher.class);

  private final Path file;
  private final Consumer<List<CameraConfig>> onChange;
  private final Thread thread;
  private final Duration interval;
  private volatile String lastText;
  private volatile String lastError = "";

  /**
   * Reads the file once (throwing on a bad file: a process should not start on one) and then
   * watches it.
   */
  public CamerasFileWatcher(Path file, Duration interval, Consumer<List<CameraConfig>> onChange) {
    this.file = file;
    this.interval = interval;
    this.onChange = onChange;
    this.lastText = read();
    onChange.accept(CamerasFile.parse(lastText, file.toString()));
    this.thread = new Thread(this::watch, "ingest-cameras-file");
    thread.setDaemon(true);
    thread.start();
  }

  /** The problem with the file's current content, or empty if it is in use. */
  public String lastError() {
    return lastError;
  }

  private void watch() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(interval.toMillis());
        checkOnce();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.error("camera file watcher: {}", e.toString());
      }
    }
  }

  void checkOnce() {
    String text;
    try {
      text = read();
    } catch (CameraConfigException e) {
      lastError = e.getMessage();
      return;
    }
    if (text.equals(lastText)) {
      return;
    }
    lastText = text;
    List<CameraConfig> cameras;
    try {
      cameras = CamerasFile.parse(text, file.toString());
    } catch (CameraConfigException e) {
      lastError = e.getMessage();
      log.error("{}; keeping the cameras as they are", e.getMessage());
      return;
    }
    lastError = "";
    log.info("{} changed: {} camera(s)", file, cameras.size());
    onChange.accept(cameras);
  }

  private String read() {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new CameraConfigException("cannot read camera list " + file + ": " + e, e);
    }
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
