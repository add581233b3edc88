package io.platestream.sink.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.platestream.schemas.PlateEvent;
import java.time.Instant;
import java.util.List;

/**
 * A plate event as the API shows it: the field names are those of the Avro {@code PlateEvent}
 * (without the crop bytes, which have their own URL), and the times again as ISO-8601. {@code
 * plate} is null where the history keeps plates hashed; {@code plateHmac} is then set. {@code
 * provisional} marks a pass's early event, which its final event (same id) replaces.
 */
public record EventView(
    String eventId,
    String cameraId,
    String plate,
    String plateHmac,
    boolean valid,
    float confidence,
    long firstSeenMs,
    long lastSeenMs,
    int readCount,
    List<Candidate> candidates,
    ModelRef detector,
    ModelRef recognizer,
    long emitTimeMs,
    boolean hasCrop,
    boolean hasSnapshot,
    boolean provisional) {

  /** One alternative reading, as {@code PlateCandidate}. */
  public record Candidate(String text, float confidence, boolean valid) {}

  /** A model version, as {@code ModelRef}. */
  public record ModelRef(String name, int version) {}

  @JsonProperty("firstSeen")
  public String firstSeen() {
    return Instant.ofEpochMilli(firstSeenMs).toString();
  }

  @JsonProperty("lastSeen")
  public String lastSeen() {
    return Instant.ofEpochMilli(lastSeenMs).toString();
  }

  public static EventView of(PlateEvent event) {
    return new EventView(
        event.getEventId(),
        event.getCameraId(),
        event.getPlate(),
        null,
        event.getValid(),
        event.getConfidence(),
        event.getFirstSeenMs(),
        event.getLastSeenMs(),
        event.getReadCount(),
        event.getCandidates().stream()
            .map(c -> new Candidate(c.getText(), c.getConfidence(), c.getValid()))
            .toList(),
        new ModelRef(event.getDetector().getName(), event.getDetector().getVersion()),
        new ModelRef(event.getRecognizer().getName(), event.getRecognizer().getVersion()),
        event.getEmitTimeMs(),
        event.getBestCrop().remaining() > 0,
        event.getBestSnapshot() != null && event.getBestSnapshot().remaining() > 0,
        event.getProvisional());
  }
}
