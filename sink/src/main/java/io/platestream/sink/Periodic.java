package io.platestream.sink;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job run now and then every so often on a daemon thread of its own until closed; a run that
 * fails is logged and the next one comes as planned (retention jobs: a database or broker away for
 * one run is no reason to stop).
 */
public final class Periodic implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Periodic.class);

  /** One run; anything it throws is logged. */
  @FunctionalInterface
  public interface Job {
    void run() throws Exception;
  }

  private final ScheduledExecutorService schedule;

  private Periodic(ScheduledExecutorService schedule) {
    this.schedule = schedule;
  }

  public static Periodic start(String name, Duration every, Job job) {
    ScheduledExecutorService schedule =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, name);
              thread.setDaemon(true);
              return thread;
            });
    schedule.scheduleWithFixedDelay(
        () -> {
          try {
            job.run();
          } catch (Exception e) {
            log.warn("{} failed, next run in {}: {}", name, every, e.getMessage());
          }
        },
        0,
        every.toMillis(),
        TimeUnit.MILLISECONDS);
    return new Periodic(schedule);
  }

  @Override
  public void close() {
    schedule.shutdownNow();
  }
}
