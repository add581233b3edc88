package io.platestream.ingest.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real RTSP server (GStreamer's, from Debian) serving one H.264 MP4 at {@code
 * rtsp://127.0.0.1:<port>/<mount>}, run by the {@code rtsp_server.py} beside this class on Debian's
 * Python. It can be killed and started again on the same port, as a camera that drops off.
 */
public final class RtspTestServer implements AutoCloseable {
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  /** The server script, from this class's resources (so other modules' tests can run it too). */
  private static final Path SCRIPT = script();

  public static final String PACKAGES =
      "gir1.2-gst-rtsp-server-1.0 python3-gi gstreamer1.0-plugins-base"
          + " gstreamer1.0-plugins-good gstreamer1.0-plugins-bad";

  private final Path clip;
  private final int port;
  private final String mount;
  private final String transport;
  private Process process;

  private RtspTestServer(Path clip, int port, String mount, String transport) {
    this.clip = clip;
    this.port = port;
    this.mount = mount;
    this.transport = transport;
  }

  /**
   * Checks that GStreamer's RTSP server can run here: under CI (where .ci/run installs it) a
   * missing one fails the test, elsewhere the test is skipped with the command that installs it.
   */
  public static void requireAvailable() {
    boolean available = false;
    try {
      Process check =
          new ProcessBuilder(
                  PYTHON.toString(),
                  "-c",
                  "import gi; gi.require_version('GstRtspServer', '1.0');"
                      + " from gi.repository import GstRtspServer")
              .redirectErrorStream(true)
              .start();
      available = check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
    } catch (IOException e) {
      available = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String message = "GStreamer's RTSP server is missing: apt-get install " + PACKAGES;
    if ("true".equals(System.getenv("CI"))) {
      if (!available) {
        throw new AssertionError(message);
      }
    } else {
      assumeTrue(available, message);
    }
  }

  /** A server offering RTP over the RTSP connection (TCP). */
  public static RtspTestServer start(Path clip, String mount) throws IOException {
    return start(clip, mount, "tcp");
  }

  /** A server offering only {@code transport} ("tcp" or "udp") for the media. */
  public static RtspTestServer start(Path clip, String mount, String transport) throws IOException {
    RtspTestServer server = new RtspTestServer(clip, freePort(), mount, transport);
    server.start();
    return server;
  }

  public String url() {
    return "rtsp://127.0.0.1:" + port + "/" + mount;
  }

  /** Starts (again) and returns once it listens. */
  public void start() throws IOException {
    if (!Files.exists(clip)) {
      throw new IOException("no clip at " + clip);
    }
    process =
        new ProcessBuilder(
                PYTHON.toString(),
                SCRIPT.toString(),
                clip.toString(),
                Integer.toString(port),
                mount,
                transport)
            .redirectErrorStream(true)
            .start();
    BufferedReader output =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                String line;
                StringBuilder seen = new StringBuilder();
                while ((line = output.readLine()) != null) {
                  if (line.equals("READY")) {
                    drain(output);
                    return "READY";
                  }
                  seen.append(line).append('\n');
                }
                return seen.toString();
              } catch (IOException e) {
                return e.toString();
              }
            });
    try {
      String said = ready.get(30, TimeUnit.SECONDS);
      if (!said.equals("READY")) {
        throw new IOException("the RTSP server did not start: " + said);
      }
    } catch (Exception e) {
      kill();
      throw new IOException("the RTSP server did not start: " + e, e);
    }
  }

  /**
   * Freezes the server (SIGSTOP): connections stay open and nothing more arrives, as a hung camera.
   */
  public void freeze() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** Lets a frozen server go on (SIGCONT). */
  public void thaw() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /** Kills the server at once, as a camera losing power. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  @Override
  public void close() {
    kill();
  }

  private static void drain(BufferedReader output) {
    Thread drainer =
        new Thread(
            () -> {
              try {
                while (output.readLine() != null) {
                  // GStreamer's warnings; reading them keeps the pipe from filling up.
                }
              } catch (IOException e) {
                // the process is gone
              }
            },
            "rtsp-server-output");
    drainer.setDaemon(true);
    drainer.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Path script() {
    try (var in = RtspTestServer.class.getResourceAsStream("rtsp_server.py")) {
      if (in == null) {
        throw new IllegalStateException("rtsp_server.py is missing beside RtspTestServer");
      }
      Path file = Files.createTempFile("rtsp_server", ".py");
      file.toFile().deleteOnExit();
      Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write the RTSP server script", e);
    }
  }
}
