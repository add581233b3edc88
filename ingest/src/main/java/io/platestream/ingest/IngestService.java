package io.platestream.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.platestream.ingest.config.CameraConfig;
import io.platestream.ingest.publish.IngestLedger;
import io.platestream.ingest.worker.CameraStatus;
import io.platestream.ingest.worker.CameraWorker;
import io.platestream.schemas.Frame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running cameras of one ingest process. Applying a new camera list starts the cameras that are
 * new, stops the ones that are gone and restarts only those whose settings changed; the others keep
 * streaming untouched.
 */
public final class IngestService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestService.class);

  private final IngestSettings settings;
  private final CameraWorker.SourceOpener opener;
  private final Producer<String, Frame> producer;
  private final MeterRegistry registry;
  private final Map<String, CameraWorker> workers = new LinkedHashMap<>();
  private final IngestLedger ledger;

  /** Outcomes of cameras stopped or restarted in this process, which a new worker adds to. */
  private final Map<String, Map<String, Long>> retired = new LinkedHashMap<>();

  private final ScheduledExecutorService ledgerWrites;

  public IngestService(
      IngestSettings settings,
      CameraWorker.SourceOpener opener,
      Producer<String, Frame> producer,
      MeterRegistry registry) {
    this(settings, opener, producer, registry, null);
  }

  /**
   * @param ledger where each camera's outcomes go every {@link #LEDGER_EVERY} and when cameras stop
   *     (owned: closed with this service), or null for none
   */
  public IngestService(
      IngestSettings settings,
      CameraWorker.SourceOpener opener,
      Producer<String, Frame> producer,
      MeterRegistry registry,
      IngestLedger ledger) {
    this.settings = settings;
    this.opener = opener;
    this.producer = producer;
    this.registry = registry;
    this.ledger = ledger;
    if (ledger == null) {
      this.ledgerWrites = null;
    } else {
      this.ledgerWrites =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "ingest-ledger");
                thread.setDaemon(true);
                return thread;
              });
      long every = LEDGER_EVERY.toMillis();
      ledgerWrites.scheduleWithFixedDelay(this::writeLedger, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /** How often the ledger gets each camera's counts while it runs. */
  public static final Duration LEDGER_EVERY = Duration.ofSeconds(5);

  /** Makes the running cameras match {@code cameras}; returns the ids started or restarted. */
  public synchronized List<String> apply(List<CameraConfig> cameras) {
    Map<String, CameraConfig> wanted = new LinkedHashMap<>();
    cameras.forEach(c -> wanted.put(c.id(), c));
    for (var it = workers.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      CameraConfig next = wanted.get(entry.getKey());
      if (next == null || !next.equals(entry.getValue().camera())) {
        log.info(
            "camera {}: {}",
            entry.getKey(),
            next == null ? "removed" : "settings changed, restarting");
        entry.getValue().stop();
        retire(entry.getValue());
        it.remove();
      }
    }
    List<String> started = new ArrayList<>();
    for (CameraConfig camera : wanted.values()) {
      if (!workers.containsKey(camera.id())) {
        CameraWorker worker = new CameraWorker(camera, settings, opener, producer, registry);
        workers.put(camera.id(), worker);
        worker.start();
        started.add(camera.id());
      }
    }
    return started;
  }

  public synchronized List<CameraStatus> statuses() {
    return workers.values().stream().map(CameraWorker::status).toList();
  }

  /** Stops every camera (publishing what is queued) and returns their final statuses. */
  public synchronized List<CameraStatus> stopAll() {
    workers.values().forEach(CameraWorker::stop);
    List<CameraStatus> last = workers.values().stream().map(CameraWorker::status).toList();
    workers.values().forEach(this::retire);
    workers.clear();
    writeLedger();
    return last;
  }

  /** Each camera's outcomes in this process, to the ledger (which adds what it carried over). */
  public synchronized void writeLedger() {
    if (ledger == null) {
      return;
    }
    Map<String, Map<String, Long>> now = new LinkedHashMap<>(retired);
    workers.forEach(
        (camera, worker) ->
            now.put(
                camera,
                IngestLedger.plus(retired.getOrDefault(camera, Map.of()), worker.outcomes())));
    long nowMs = System.currentTimeMillis();
    try {
      now.forEach((camera, outcomes) -> ledger.write(camera, outcomes, nowMs));
    } catch (RuntimeException e) {
      log.warn("ledger entries not written: {}", e.getMessage()); // the next round tries again
    }
  }

  private void retire(CameraWorker worker) {
    retired.merge(worker.camera().id(), worker.outcomes(), IngestLedger::plus);
  }

  @Override
  public void close() {
    if (ledgerWrites != null) {
      ledgerWrites.shutdownNow();
    }
    stopAll();
    if (ledger != null) {
      ledger.close();
    }
  }
}
