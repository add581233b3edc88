package io.platestream.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** How long a long-running command runs, where it keeps state, and where operators look at it. */
final class RunOptions {
  @Option(
      names = "--http-port",
      description =
          "Port of the HTTP endpoint: the dashboard, /status, /metrics, /health (0 = any free port).")
  Integer httpPort;

  @Option(names = "--state-dir", description = "Local state (default: .platestream/<command>).")
  Path stateDir;

  @Option(
      names = "--duration",
      description =
          "Stop after this long (seconds or ISO-8601 such as PT30S); default: until stopped.")
  String duration;

  Path stateDir(String command) {
    return stateDir != null ? stateDir : Path.of(".platestream", command);
  }

  int httpPort(int fallback) {
    return httpPort != null ? httpPort : fallback;
  }

  private final CountDownLatch cleanedUp = new CountDownLatch(1);
  private Thread hook;

  /**
   * Blocks until the duration is over or the process is asked to stop (Ctrl-C, SIGTERM). On a
   * signal the JVM waits (up to 30 s) for {@link #finished} before it exits, so that the command
   * can close its stages, publish what is queued and print its summary.
   */
  void awaitStop() throws InterruptedException {
    awaitStop(new CountDownLatch(1));
  }

  /** The same, also returning when {@code stopped} is counted down (the work ended by itself). */
  void awaitStop(CountDownLatch stopped) throws InterruptedException {
    hook =
        new Thread(
            () -> {
              stopped.countDown();
              try {
                cleanedUp.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "platestream-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    if (duration == null) {
      stopped.await();
    } else {
      stopped.await(parse(duration).toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Says the command has closed everything; a pending exit may go on. Call it in a finally. */
  void finished() {
    cleanedUp.countDown();
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is exiting: the hook is running and has just been released
      }
    }
  }

  static Duration parse(String text) {
    try {
      return text.matches("\\d+(\\.\\d+)?")
          ? Duration.ofMillis((long) (Double.parseDouble(text) * 1000))
          : Duration.parse(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "--duration must be seconds or ISO-8601 like PT30S, got " + text);
    }
  }
}
