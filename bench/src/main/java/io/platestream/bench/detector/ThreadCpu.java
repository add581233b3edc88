package io.platestream.bench.detector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time of this JVM's threads, read at two moments and summed by thread name, so a benchmark can
 * tell the stage's own threads from the in-process broker's beside them, and from the garbage
 * collector and JIT compilers, which are no Java threads (read from Linux's {@code /proc}). On a
 * shared machine CPU time per frame is steadier than a rate: time the machine gives to other guests
 * is not counted.
 *
 * <p>Threads that end between two readings are not counted: read before a pool is shut down.
 */
public final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final Path TASKS = Path.of("/proc/self/task");

  /** Linux's clock ticks per second in {@code /proc/.../stat} (USER_HZ): 100 on every build. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  /**
   * Each live Java thread's CPU nanoseconds and name, the whole process's CPU nanoseconds (-1 where
   * the JVM does not tell it), and the garbage collector's and JIT compilers' threads' (-1 where
   * there is no {@code /proc}). Figures are only meaningful where {@link #available()}.
   */
  public record Reading(
      Map<Long, Long> cpuNanos,
      Map<Long, String> names,
      long processNanos,
      long gcNanos,
      long jitNanos) {

    /** CPU nanoseconds since {@code before} of the Java threads whose names {@code picks}. */
    public long threadNanosSince(Reading before, Predicate<String> picks) {
      long sum = 0;
      for (Map.Entry<Long, Long> thread : cpuNanos.entrySet()) {
        if (picks.test(names.get(thread.getKey()))) {
          sum += thread.getValue() - before.cpuNanos().getOrDefault(thread.getKey(), 0L);
        }
      }
      return sum;
    }

    /** CPU nanoseconds of the whole process since {@code before}, threads outside Java included. */
    public long processNanosSince(Reading before) {
      return processNanos - before.processNanos();
    }

    long gcNanosSince(Reading before) {
      return gcNanos - before.gcNanos();
    }

    long jitNanosSince(Reading before) {
      return jitNanos - before.jitNanos();
    }
  }

  private ThreadCpu() {}

  /**
   * Whether this JVM can measure its threads' CPU time, the garbage collector's and the JIT's
   * included; where it cannot (not Linux, say), there are no figures.
   */
  public static boolean available() {
    return THREADS.isThreadCpuTimeSupported()
        && THREADS.isThreadCpuTimeEnabled()
        && ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean
        && Files.isDirectory(TASKS);
  }

  public static Reading read() {
    Map<Long, Long> cpu = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) {
        continue; // ended since the ids were listed
      }
      long nanos = THREADS.getThreadCpuTime(info.getThreadId());
      if (nanos >= 0) {
        cpu.put(info.getThreadId(), nanos);
        names.put(info.getThreadId(), info.getThreadName());
      }
    }
    long process =
        ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean system
            ? system.getProcessCpuTime()
            : -1;
    long gc = -1, jit = -1;
    if (Files.isDirectory(TASKS)) {
      gc = 0;
      jit = 0;
      try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
        for (Path task : tasks) {
          String stat;
          try {
            stat = Files.readString(task.resolve("stat"));
          } catch (IOException ended) {
            continue; // the thread ended while the folder was read
          }
          // "tid (name) state ...": the name may hold spaces and parentheses, so split after the
          // last ')'; from there utime and stime are the 12th and 13th fields.
          int nameEnd = stat.lastIndexOf(')');
          String name = stat.substring(stat.indexOf('(') + 1, nameEnd);
          String[] fields = stat.substring(nameEnd + 2).split(" ");
          long nanos = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
          if (isGarbageCollector(name)) {
            gc += nanos;
          } else if (name.contains("CompilerThre")) { // "C1 CompilerThre", "C2 CompilerThre"
            jit += nanos;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read this process's threads in " + TASKS, e);
      }
    }
    return new Reading(cpu, names, process, gc, jit);
  }

  /** HotSpot's G1 threads and the VM thread, which runs the collector's safepoint operations. */
  private static boolean isGarbageCollector(String name) {
    return name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread");
  }
}
