package io.platestream.sink.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from Debian's {@code postgresql} package, in a throw-away cluster on a
 * free port: {@code initdb}, {@code pg_ctl start}, {@code pg_ctl stop}. PostgreSQL refuses to run
 * as root, so as root the commands run as the package's {@code postgres} user. Without the package
 * the test is skipped, except under {@code CI=true}, where {@code .ci/run} installs it and its
 * absence fails.
 */
public final class LocalPostgres implements AutoCloseable {
  public static final String USER = "platestream";
  public static final String PASSWORD = "platestream-test";

  private final Path bin;
  private final Path root;
  private final Path data;
  private final int port;
  private final boolean asRoot;

  private LocalPostgres(Path bin, Path root, int port) {
    this.bin = bin;
    this.root = root;
    this.data = root.resolve("data");
    this.port = port;
    this.asRoot = "root".equals(System.getProperty("user.name"));
  }

  /** A new cluster, started; the caller closes it (stopped and deleted). */
  public static LocalPostgres start() throws Exception {
    Path bin = binaries();
    // As root the server runs as the postgres user, which must reach the cluster: under /tmp,
    // not under a checkout that may sit in a private home directory.
    Path root =
        "root".equals(System.getProperty("user.name"))
            ? Files.createTempDirectory(Path.of("/tmp"), "platestream-pg")
            : Files.createTempDirectory("platestream-pg");
    // The postgres user must reach the cluster through this directory.
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    LocalPostgres postgres = new LocalPostgres(bin, root, freePort());
    postgres.init();
    postgres.startServer();
    return postgres;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** Starts the server again after {@link #stopServer()} (same data, same port). */
  public void startServer() throws Exception {
    run(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            root.resolve("server.log").toString(),
            "-o",
            "-p " + port + " -k " + root + " -c listen_addresses=127.0.0.1",
            "-w",
            "start"));
  }

  /** Stops the server at once (connections are cut), keeping its data. */
  public void stopServer() throws Exception {
    run(
        List.of(
            bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
  }

  private void init() throws Exception {
    Path passwordFile = root.resolve("password");
    Files.writeString(passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);
    if (asRoot) {
      run(List.of("chown", "-R", "postgres", root.toString()));
    }
    run(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            USER,
            "--pwfile=" + passwordFile,
            "--auth-host=scram-sha-256",
            "--auth-local=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8"));
  }

  private void run(List<String> command) throws Exception {
    List<String> full = new ArrayList<>();
    if (asRoot && !command.get(0).equals("chown")) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Process process =
        new ProcessBuilder(full).redirectErrorStream(true).directory(root.toFile()).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", full) + " failed:\n" + output + log());
    }
  }

  private String log() {
    try {
      Path log = root.resolve("server.log");
      return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static Path binaries() throws IOException {
    Path installed = Path.of("/usr/lib/postgresql");
    Path bin = null;
    if (Files.isDirectory(installed)) {
      try (Stream<Path> versions = Files.list(installed)) {
        bin =
            versions
                .map(v -> v.resolve("bin"))
                .filter(b -> Files.isExecutable(b.resolve("initdb")))
                .max(
                    Comparator.comparing(
                        b -> Integer.parseInt(b.getParent().getFileName().toString())))
                .orElse(null);
      }
    }
    if (bin == null) {
      String why = "PostgreSQL is not installed: apt-get install postgresql";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(why + " (.ci/run installs it)");
      }
      assumeTrue(false, why);
    }
    return bin;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    try {
      stopServer();
    } finally {
      try (Stream<Path> files = Files.walk(root)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
