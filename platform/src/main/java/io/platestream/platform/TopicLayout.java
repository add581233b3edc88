package io.platestream.platform;

import io.platestream.schemas.Topics;
import java.util.Map;
import java.util.Optional;

/**
 * How each PlateStream topic should be made: its partitions and configs. Configs are either
 * required (the topic does not work without them: the registries must be compacted) or recommended
 * (sizes and retention that suit the data; a mismatch is only reported).
 */
public final class TopicLayout {
  /** The default partition count of the camera-keyed topics: the stages' unit of scale-out. */
  public static final int DEFAULT_PARTITIONS = 6;

  /**
   * The largest record a topic holding whole frames takes (8 MiB): 1080p JPEG frames can pass the
   * broker's default of 1 MiB. The frames topic, its dead-letter topic and the detector's frame
   * buffer are made with it.
   */
  public static final String FRAME_MAX_MESSAGE_BYTES = "8388608";

  private static final String COMPACT = "compact";
  private static final long HOUR_MS = 3_600_000L;

  /** One topic's plan; empty partitions means the broker's default. */
  public record Plan(
      String topic,
      Optional<Integer> partitions,
      Map<String, String> required,
      Map<String, String> recommended) {}

  private TopicLayout() {}

  /** The plan of {@code topic}, with {@code partitions} for the camera-keyed topics. */
  public static Plan of(String topic, int partitions) {
    if (topic.equals(Topics.MODELS)
        || topic.equals(Topics.ARTIFACTS)
        || topic.equals(Topics.WATCHLISTS)
        || topic.equals(Topics.LEDGER)
        || topic.equals(Topics.LABELS)) {
      // Registries: one partition keeps one order; compaction keeps each key's latest record.
      return new Plan(topic, Optional.of(1), Map.of("cleanup.policy", COMPACT), Map.of());
    }
    if (topic.equals(Topics.FRAMES)) {
      // 1080p JPEG frames can pass 1 MiB; they are worth little after an hour.
      return new Plan(
          topic,
          Optional.of(partitions),
          Map.of(),
          Map.of(
              "max.message.bytes",
              FRAME_MAX_MESSAGE_BYTES,
              "retention.ms",
              Long.toString(HOUR_MS)));
    }
    if (topic.equals(Topics.PLATES)) {
      return new Plan(
          topic,
          Optional.of(partitions),
          Map.of(),
          Map.of("retention.ms", Long.toString(24 * HOUR_MS)));
    }
    if (topic.equals(Topics.deadLetter(Topics.FRAMES))) {
      // A poison frame keeps its original bytes, as large as any frame.
      return new Plan(
          topic, Optional.of(1), Map.of(), Map.of("max.message.bytes", FRAME_MAX_MESSAGE_BYTES));
    }
    if (topic.endsWith(".dlq")) {
      return new Plan(topic, Optional.of(1), Map.of(), Map.of());
    }
    return new Plan(topic, Optional.of(partitions), Map.of(), Map.of());
  }
}
