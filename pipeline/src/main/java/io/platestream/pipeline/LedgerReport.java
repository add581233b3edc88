package io.platestream.pipeline;

import io.platestream.platform.KafkaClients;
import io.platestream.schemas.LedgerEntry;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The ledger topic read to its end: how each stage's inputs ended, per camera, and how the stages
 * meet. Every frame ingest sampled was skipped for no motion, published, or dropped (a full queue,
 * a failed send); every frame the detector took ended detected, dead-lettered or shed, and the
 * frame numbers it never saw are its {@code missing} count; every plate detection it emitted is
 * either accounted for by the recognizer (read, dead-lettered, shed) or still on its way. A
 * negative "in flight" would mean a count went wrong.
 */
public final class LedgerReport {
  public static final String INGEST = "ingest";
  public static final String DETECTOR = "detector";
  public static final String RECOGNIZER = "recognizer";

  private final Map<String, LedgerEntry> entries;

  public LedgerReport(Map<String, LedgerEntry> entries) {
    this.entries = Map.copyOf(entries);
  }

  /** The latest entry of every stage and camera in {@code topic}. */
  public static LedgerReport read(
      String bootstrapServers, SchemaRegistryClient registry, String topic) {
    return new LedgerReport(
        KafkaClients.latestByKey(
            bootstrapServers,
            topic,
            new AvroDeserializer<>(LedgerEntry.class, registry),
            Duration.ofSeconds(60)));
  }

  public static LedgerReport read(String bootstrapServers, SchemaRegistryClient registry) {
    return read(bootstrapServers, registry, Topics.LEDGER);
  }

  public SortedSet<String> cameras() {
    SortedSet<String> cameras = new TreeSet<>();
    entries.values().forEach(entry -> cameras.add(entry.getCameraId().toString()));
    return cameras;
  }

  /** One count of one stage's entry for a camera; 0 when it has none. */
  public long count(String stage, String camera, String outcome) {
    LedgerEntry entry = entries.get(stage + "/" + camera);
    if (entry == null) {
      return 0;
    }
    Long value = entry.getCounts().get(outcome);
    return value == null ? 0 : value;
  }

  /** Every count of one stage's entry for a camera; empty when it has none. */
  public Map<String, Long> counts(String stage, String camera) {
    LedgerEntry entry = entries.get(stage + "/" + camera);
    Map<String, Long> counts = new java.util.LinkedHashMap<>();
    if (entry != null) {
      entry.getCounts().forEach((outcome, count) -> counts.put(outcome.toString(), count));
    }
    return counts;
  }

  /** Numbered frames ingest could not publish: dropped for a full queue or a failed send. */
  public long droppedAtIngest(String camera) {
    return count(INGEST, camera, "dropped_queue_full")
        + count(INGEST, camera, "dropped_publish_failed");
  }

  /** Frames the detector took from the frames topic: each ended in exactly one outcome. */
  public long framesTaken(String camera) {
    return count(DETECTOR, camera, "detected")
        + count(DETECTOR, camera, "dead_lettered")
        + count(DETECTOR, camera, "shed");
  }

  /** Plate detections the recognizer took: each ended in exactly one outcome. */
  public long platesTaken(String camera) {
    return count(RECOGNIZER, camera, "read")
        + count(RECOGNIZER, camera, "dead_lettered")
        + count(RECOGNIZER, camera, "shed");
  }

  /** Plates the detector emitted that the recognizer has not taken yet (negative: a miscount). */
  public long platesInFlight(String camera) {
    return count(DETECTOR, camera, "plates") - platesTaken(camera);
  }

  /** A table, one line per camera, and a note on each camera that does not balance. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "%-16s %8s %9s %9s %6s %6s %8s | %9s %6s %6s %9s | %7s %7s %9s",
            "camera",
            "missing",
            "frames",
            "detected",
            "dlq",
            "shed",
            "plates",
            "read",
            "dlq",
            "shed",
            "in-flight",
            "early",
            "final",
            "discarded"));
    for (String camera : cameras()) {
      lines.add(
          String.format(
              "%-16s %8d %9d %9d %6d %6d %8d | %9d %6d %6d %9d | %7d %7d %9d",
              camera,
              count(DETECTOR, camera, "missing"),
              framesTaken(camera),
              count(DETECTOR, camera, "detected"),
              count(DETECTOR, camera, "dead_lettered"),
              count(DETECTOR, camera, "shed"),
              count(DETECTOR, camera, "plates"),
              count(RECOGNIZER, camera, "read"),
              count(RECOGNIZER, camera, "dead_lettered"),
              count(RECOGNIZER, camera, "shed"),
              platesInFlight(camera),
              count(RECOGNIZER, camera, "events_early"),
              count(RECOGNIZER, camera, "events_final"),
              count(RECOGNIZER, camera, "passes_discarded")));
    }
    if (entries.keySet().stream().anyMatch(key -> key.startsWith(INGEST + "/"))) {
      lines.add(
          String.format(
              "%-16s %9s %9s %9s %9s %9s   (ingest)",
              "camera", "sampled", "no-motion", "published", "queue-full", "failed"));
      for (String camera : cameras()) {
        lines.add(
            String.format(
                "%-16s %9d %9d %9d %9d %9d",
                camera,
                count(INGEST, camera, "sampled"),
                count(INGEST, camera, "skipped_no_motion"),
                count(INGEST, camera, "published"),
                count(INGEST, camera, "dropped_queue_full"),
                count(INGEST, camera, "dropped_publish_failed")));
      }
      for (String camera : cameras()) {
        long missing = count(DETECTOR, camera, "missing");
        if (missing > 0) {
          lines.add(
              String.format(
                  "%s: %d frame numbers never reached the detector: %d dropped at ingest, the"
                      + " other %d expired on the topic or were left unused by an ingest restart",
                  camera,
                  missing,
                  Math.min(missing, droppedAtIngest(camera)),
                  Math.max(0, missing - droppedAtIngest(camera))));
        }
      }
    }
    for (String camera : cameras()) {
      if (platesInFlight(camera) < 0) {
        lines.add(
            camera
                + ": the recognizer took "
                + platesTaken(camera)
                + " plates but the detector emitted "
                + count(DETECTOR, camera, "plates")
                + ": the ledger does not balance");
      }
    }
    return lines;
  }
}
