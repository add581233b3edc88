package io.platestream.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.platestream.ingest.config.CameraConfig;
import io.platestream.ingest.worker.CameraStatus;
import io.platestream.ingest.worker.CameraWorker;
import io.platestream.schemas.Frame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  public IngestService(
      IngestSettings settings,
      CameraWorker.SourceOpener opener,
      Producer<String, Frame> producer,
      MeterRegistry registry) {
    this.settings = settings;
    this.opener = opener;
    this.producer = producer;
    this.registry = registry;
  }

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
    workers.clear();
    return last;
  }

  @Override
  public void close() {
    stopAll();
  }
}
