package io.platestream.sink.labels;

import io.platestream.platform.KafkaClients;
import io.platestream.schemas.LabelVerdict;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.PlateLabel;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroSerializer;
import io.platestream.sink.events.EventView;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Turns an operator's verdict on one event into a {@link PlateLabel} on the compacted labels topic,
 * keyed by event id (a later review replaces an earlier one). The verdict is checked first: a
 * correction needs a plausible plate text that differs from the reading, a confirmation takes the
 * reading, and "not a plate" or "unreadable" take no text.
 */
public final class LabelWriter implements AutoCloseable {
  /** The longest plate text a label takes (the longest plates have 8 characters, with margin). */
  static final int MAX_TEXT = 16;

  private final KafkaProducer<String, PlateLabel> producer;
  private final String topic;
  private final Clock clock;

  public LabelWriter(
      String bootstrapServers, SchemaRegistryClient schemas, String topic, Clock clock) {
    this.producer =
        new KafkaProducer<>(
            KafkaClients.reliableProducer(bootstrapServers),
            new StringSerializer(),
            new AvroSerializer<>(schemas));
    this.topic = topic;
    this.clock = clock;
  }

  /**
   * Writes the label and waits until Kafka has it.
   *
   * @param crop the event's best crop; a label without one teaches nothing, so it is refused
   * @param text the right plate for {@code CORRECTED}; for {@code CONFIRMED} empty or the reading
   * @throws IllegalArgumentException with the reason, for a verdict that does not fit the event
   */
  public PlateLabel write(
      EventView event,
      byte[] crop,
      byte[] snapshot,
      LabelVerdict verdict,
      String text,
      String reviewer) {
    return write(event, crop, snapshot, verdict, text, null, reviewer);
  }

  /**
   * @param box the plate's outline the reviewer drew on the snapshot, or null when the detector's
   *     box stands
   */
  public PlateLabel write(
      EventView event,
      byte[] crop,
      byte[] snapshot,
      LabelVerdict verdict,
      String text,
      io.platestream.schemas.Quad box,
      String reviewer) {
    if (event.plate() == null) {
      throw new IllegalArgumentException(
          "event " + event.eventId() + " keeps its plate hashed: labels need the plate in clear");
    }
    if (crop == null || crop.length == 0) {
      throw new IllegalArgumentException(
          "event " + event.eventId() + " kept no crop: there is nothing to label");
    }
    PlateLabel label =
        PlateLabel.newBuilder()
            .setEventId(event.eventId())
            .setCameraId(event.cameraId())
            .setVerdict(verdict)
            .setText(labelText(event, verdict, text))
            .setReadText(event.plate())
            .setCrop(ByteBuffer.wrap(crop))
            .setSnapshot(snapshot == null ? null : ByteBuffer.wrap(snapshot))
            .setFirstSeenMs(event.firstSeenMs())
            .setDetector(ref(event.detector()))
            .setRecognizer(ref(event.recognizer()))
            .setReviewer(reviewer)
            .setReviewedMs(clock.millis())
            .setBox(box)
            .build();
    try {
      producer.send(new ProducerRecord<>(topic, event.eventId(), label)).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the label was not stored: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while storing the label", e);
    }
    return label;
  }

  /** Deletes the event's label (a tombstone: compaction drops it and its crop). */
  public void delete(String eventId) {
    try {
      producer.send(new ProducerRecord<>(topic, eventId, null)).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the label was not deleted: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while deleting the label", e);
    }
  }

  /** The label's text for the verdict, or why the verdict does not fit. */
  static String labelText(EventView event, LabelVerdict verdict, String text) {
    String given = text == null || text.isBlank() ? null : text.strip().toUpperCase(Locale.ROOT);
    return switch (verdict) {
      case CONFIRMED -> {
        if (given != null && !given.equals(event.plate())) {
          throw new IllegalArgumentException(
              "a confirmation keeps the reading '"
                  + event.plate()
                  + "'; to give another text, correct it");
        }
        yield event.plate();
      }
      case CORRECTED -> {
        if (given == null) {
          throw new IllegalArgumentException("a correction needs the right plate as text");
        }
        if (given.length() > MAX_TEXT || !given.codePoints().allMatch(Character::isLetterOrDigit)) {
          throw new IllegalArgumentException(
              "a plate text has letters and digits only, at most "
                  + MAX_TEXT
                  + ", got '"
                  + given
                  + "'");
        }
        if (given.equals(event.plate())) {
          throw new IllegalArgumentException(
              "the correction equals the reading '" + given + "'; confirm it instead");
        }
        yield given;
      }
      case NOT_A_PLATE, UNREADABLE -> {
        if (given != null) {
          throw new IllegalArgumentException(
              verdict.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " takes no text");
        }
        yield null;
      }
    };
  }

  private static ModelRef ref(EventView.ModelRef ref) {
    return new ModelRef(ref.name(), ref.version());
  }

  @Override
  public void close() {
    producer.close();
  }
}
