package io.platestream.detector.stage;

import io.platestream.detector.inference.PlateDetector;
import io.platestream.models.serving.ModelSource;
import io.platestream.models.serving.Shadow;
import io.platestream.platform.OutcomeLedger;
import io.platestream.platform.TopicLayout;
import io.platestream.schemas.Frame;
import io.platestream.schemas.LedgerEntry;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.PlateDetection;
import io.platestream.schemas.ShadowComparison;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.schemas.serde.AvroSerializer;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The detector stage as data flows through it:
 *
 * <pre>
 *   platestream.frames --> detect --> platestream.plates      (one PlateDetection per plate)
 *                                 \-> platestream.frames.dlq  (original bytes + cause headers)
 *                                 \-> platestream.shadow      (with a shadow version: comparisons)
 * </pre>
 *
 * Keys stay camera ids, so each camera's order is kept within its partition. With batching or
 * side-by-side workers, frames wait in the changelogged store {@value #PENDING_STORE} (see {@link
 * DetectProcessor} and {@link SideBySideDetectProcessor}).
 */
public final class DetectorTopology {
  static final String SOURCE = "frames";
  static final String DETECT = "detect";
  static final String PLATES_SINK = "plates";
  static final String DEAD_LETTER_SINK = "frames-dlq";
  static final String SHADOW_SINK = "shadow";
  static final String PENDING_STORE = "pending-frames";
  static final String LEDGER_SINK = "ledger";

  /**
   * What the detector stage is built from: the schema registry, the detector versions to serve, and
   * the parts with defaults (no shadow, meters discarded, one frame per run, the standard topics),
   * each replaced by a {@code with...} copy.
   */
  public record Spec(
      SchemaRegistryClient registry,
      ModelSource<PlateDetector> detectors,
      Shadow<PlateDetector> shadow,
      DetectorMetrics metrics,
      Batching batching,
      String framesTopic,
      String platesTopic,
      String ledgerTopic) {

    public static Spec of(SchemaRegistryClient registry, ModelSource<PlateDetector> detectors) {
      return new Spec(
          registry,
          detectors,
          Shadow.none(),
          DetectorMetrics.discarding(),
          Batching.none(),
          Topics.FRAMES,
          Topics.PLATES,
          Topics.LEDGER);
    }

    /** One fixed detector, known by {@code modelRef}. */
    public static Spec of(
        SchemaRegistryClient registry, PlateDetector detector, ModelRef modelRef) {
      return of(registry, ModelSource.fixed(detector, modelRef));
    }

    /** A shadow version run beside production (see {@link DetectProcessor}). */
    public Spec withShadow(Shadow<PlateDetector> shadow) {
      return new Spec(
          registry, detectors, shadow, metrics, batching, framesTopic, platesTopic, ledgerTopic);
    }

    public Spec withMetrics(DetectorMetrics metrics) {
      return new Spec(
          registry, detectors, shadow, metrics, batching, framesTopic, platesTopic, ledgerTopic);
    }

    /** Several frames per inference run, or workers side by side. */
    public Spec withBatching(Batching batching) {
      return new Spec(
          registry, detectors, shadow, metrics, batching, framesTopic, platesTopic, ledgerTopic);
    }

    /**
     * Other topic names (tests use unique ones); the dead-letter topic follows the frames'. The
     * ledger is kept in the store and meters only, unless {@link #withLedgerTopic} names a topic.
     */
    public Spec withTopics(String framesTopic, String platesTopic) {
      return new Spec(
          registry, detectors, shadow, metrics, batching, framesTopic, platesTopic, null);
    }

    /** Where the ledger's entries go (null: nowhere, counts in the store and meters only). */
    public Spec withLedgerTopic(String ledgerTopic) {
      return new Spec(
          registry, detectors, shadow, metrics, batching, framesTopic, platesTopic, ledgerTopic);
    }
  }

  private DetectorTopology() {}

  /** The stage's topology as {@code spec} describes it. */
  public static Topology build(Spec spec) {
    SchemaRegistryClient registry = spec.registry();
    ModelSource<PlateDetector> detectors = spec.detectors();
    Shadow<PlateDetector> shadow = spec.shadow();
    DetectorMetrics metrics = spec.metrics();
    Batching batching = spec.batching();
    String framesTopic = spec.framesTopic();
    String platesTopic = spec.platesTopic();
    Topology topology = new Topology();
    topology.addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), framesTopic);
    topology.addProcessor(
        DETECT,
        () -> {
          var parts =
              new DetectionOutput.Parts(
                  new AvroDeserializer<>(Frame.class, registry),
                  detectors,
                  shadow,
                  metrics,
                  spec.ledgerTopic() == null ? null : LEDGER_SINK);
          // Batching is sealed: side by side, or batched (one frame a batch included).
          return batching instanceof Batching.SideBySide sideBySide
              ? new SideBySideDetectProcessor(parts, sideBySide)
              : new DetectProcessor(parts, (Batching.Batched) batching);
        },
        SOURCE);
    if (batching.enabled()) {
      // In memory: it holds a batch (or the frames in flight) at most, and its changelog (which
      // restores it after any restart) is what makes it safe; RocksDB added writes and no safety.
      // The changelog holds whole frames, so it takes records as large as the frames topic does.
      topology.addStateStore(
          Stores.keyValueStoreBuilder(
                  Stores.inMemoryKeyValueStore(PENDING_STORE), Serdes.Long(), Serdes.ByteArray())
              .withLoggingEnabled(
                  Map.of(
                      TopicConfig.MAX_MESSAGE_BYTES_CONFIG, TopicLayout.FRAME_MAX_MESSAGE_BYTES)),
          DETECT);
    }
    topology.addStateStore(OutcomeLedger.storeBuilder(), DETECT);
    if (spec.ledgerTopic() != null) {
      Serializer<Object> ledger =
          (Serializer<Object>) (Serializer<?>) new AvroSerializer<LedgerEntry>(registry);
      topology.addSink(LEDGER_SINK, spec.ledgerTopic(), new StringSerializer(), ledger, DETECT);
    }
    Serializer<Object> plates =
        (Serializer<Object>) (Serializer<?>) new AvroSerializer<PlateDetection>(registry);
    Serializer<Object> raw = (Serializer<Object>) (Serializer<?>) new ByteArraySerializer();
    topology.addSink(PLATES_SINK, platesTopic, new StringSerializer(), plates, DETECT);
    topology.addSink(
        DEAD_LETTER_SINK, Topics.deadLetter(framesTopic), new StringSerializer(), raw, DETECT);
    if (shadow.enabled()) {
      Serializer<Object> comparisons =
          (Serializer<Object>) (Serializer<?>) new AvroSerializer<ShadowComparison>(registry);
      topology.addSink(SHADOW_SINK, shadow.topic(), new StringSerializer(), comparisons, DETECT);
    }
    return topology;
  }
}
