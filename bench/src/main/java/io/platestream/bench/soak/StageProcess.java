package io.platestream.bench.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code platestream} command in a JVM of its own, as an operator runs it, so that a soak run
 * or a test can kill it the hard way (SIGKILL: no shutdown hook, no commit, no leaving the group).
 */
public final class StageProcess implements AutoCloseable {
  /** The program's entry point: the class path is this JVM's. */
  public static final String MAIN_CLASS = "io.platestream.app.PlateStreamCommand";

  private final Process process;
  private final Path log;

  private StageProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code platestream <arguments>} on this JVM's class path (a test's, under Maven's test
   * runner); output goes to {@code log}.
   */
  public static StageProcess start(Path log, List<String> arguments) throws IOException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path argumentFile = Files.createTempFile(log.getParent(), "java-args", ".txt");
    // An argument file keeps a long class path off the command line.
    Files.writeString(argumentFile, "-cp \"" + classPath.replace("\\", "\\\\") + "\"");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx1g");
    String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
    if (cache != null) {
      command.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
    }
    command.add("@" + argumentFile);
    command.add(MAIN_CLASS);
    command.addAll(arguments);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new StageProcess(process, log);
  }

  /**
   * A stage's command line as a restartable instance: the command and cluster flags, then any HTTP
   * port, its own state directory and a stable instance id (so a restart takes its partitions back
   * at once).
   */
  public static List<String> stageArguments(
      List<String> command, List<String> connection, Path stateDir, String instanceId) {
    List<String> arguments = new ArrayList<>(command);
    arguments.addAll(connection);
    arguments.addAll(
        List.of(
            "--http-port", "0", "--state-dir", stateDir.toString(), "--instance-id", instanceId));
    return arguments;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL, then waits until the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("a killed stage is still running");
    }
  }

  /** The last lines the process wrote, for failure messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The process's resident memory, from /proc (Linux); -1 when it cannot be read. */
  public long residentBytes() {
    return residentBytes(process.pid());
  }

  /** The resident memory of process {@code pid}, from /proc (Linux); -1 when it cannot be read. */
  public static long residentBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
