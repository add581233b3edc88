package io.platestream.recognizer.stage;

import io.platestream.models.serving.ModelSource;
import io.platestream.models.serving.Shadow;
import io.platestream.platform.OutcomeLedger;
import io.platestream.schemas.LedgerEntry;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.PlateDetection;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.PlateRead;
import io.platestream.schemas.ShadowComparison;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.schemas.serde.AvroSerializer;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The recognizer stage as data flows through it:
 *
 * <pre>
 *   platestream.plates --> recognize --> platestream.reads       (one PlateRead per plate)
 *                                   \--> track --> platestream.events  (one PlateEvent per pass)
 *                                   \--> platestream.plates.dlq  (original bytes + cause headers)
 *                                   \--> platestream.shadow      (with a shadow version: comparisons)
 * </pre>
 *
 * Keys stay camera ids, so one task sees all of a camera's reads in order, and the open passes live
 * in the store {@value #PASSES_STORE} (changelogged) of that task.
 */
public final class RecognizerTopology {
  static final String SOURCE = "plates";
  static final String RECOGNIZE = "recognize";
  static final String TRACK = "track";
  static final String READS_SINK = "reads";
  static final String EVENTS_SINK = "events";
  static final String DEAD_LETTER_SINK = "plates-dlq";
  static final String SHADOW_SINK = "shadow";
  static final String PASSES_STORE = "vehicle-passes";
  static final String LEDGER_SINK = "ledger";

  /** Topic names; tests use unique ones. */
  public record TopicNames(String plates, String reads, String events, String ledger) {
    public static TopicNames defaults() {
      return new TopicNames(Topics.PLATES, Topics.READS, Topics.EVENTS, Topics.LEDGER);
    }

    /** Test topics, with the ledger in the store and meters only. */
    public TopicNames(String plates, String reads, String events) {
      this(plates, reads, events, null);
    }
  }

  /**
   * What the recognizer stage is built from: the schema registry, the reader versions to serve,
   * what counts as a plate, and the parts with defaults (no shadow, default pass tracking, meters
   * discarded, the standard topics), each replaced by a {@code with...} copy.
   */
  public record Spec(
      SchemaRegistryClient registry,
      ModelSource<CropReader> readers,
      Shadow<CropReader> shadow,
      Predicate<String> validPlate,
      PassTracker.Settings tracking,
      RecognizerMetrics metrics,
      TopicNames topics) {

    public static Spec of(
        SchemaRegistryClient registry,
        ModelSource<CropReader> readers,
        Predicate<String> validPlate) {
      return new Spec(
          registry,
          readers,
          Shadow.none(),
          validPlate,
          PassTracker.Settings.defaults(),
          RecognizerMetrics.discarding(),
          TopicNames.defaults());
    }

    /** One fixed reader, known by {@code recognizer}. */
    public static Spec of(
        SchemaRegistryClient registry,
        CropReader reader,
        ModelRef recognizer,
        Predicate<String> validPlate) {
      return of(registry, ModelSource.fixed(reader, recognizer), validPlate);
    }

    /** A shadow version run beside production (see {@link RecognizeProcessor}). */
    public Spec withShadow(Shadow<CropReader> shadow) {
      return new Spec(registry, readers, shadow, validPlate, tracking, metrics, topics);
    }

    public Spec withTracking(PassTracker.Settings tracking) {
      return new Spec(registry, readers, shadow, validPlate, tracking, metrics, topics);
    }

    public Spec withMetrics(RecognizerMetrics metrics) {
      return new Spec(registry, readers, shadow, validPlate, tracking, metrics, topics);
    }

    public Spec withTopics(TopicNames topics) {
      return new Spec(registry, readers, shadow, validPlate, tracking, metrics, topics);
    }
  }

  private RecognizerTopology() {}

  /** The stage's topology as {@code spec} describes it. */
  public static Topology build(Spec spec) {
    SchemaRegistryClient registry = spec.registry();
    ModelSource<CropReader> readers = spec.readers();
    Shadow<CropReader> shadow = spec.shadow();
    Predicate<String> validPlate = spec.validPlate();
    PassTracker.Settings tracking = spec.tracking();
    RecognizerMetrics metrics = spec.metrics();
    TopicNames topics = spec.topics();
    String ledgerSink = topics.ledger() == null ? null : LEDGER_SINK;
    Topology topology = new Topology();
    topology.addSource(
        SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topics.plates());
    topology.addProcessor(
        RECOGNIZE,
        () ->
            new RecognizeProcessor(
                new AvroDeserializer<>(PlateDetection.class, registry),
                readers,
                shadow,
                metrics,
                ledgerSink),
        SOURCE);
    topology.addProcessor(
        TRACK,
        () -> new TrackProcessor(new PassTracker(tracking), validPlate, metrics, ledgerSink),
        RECOGNIZE);
    topology.addStateStore(OutcomeLedger.storeBuilder(), RECOGNIZE, TRACK);
    if (topics.ledger() != null) {
      Serializer<Object> ledger =
          (Serializer<Object>) (Serializer<?>) new AvroSerializer<LedgerEntry>(registry);
      topology.addSink(
          LEDGER_SINK, topics.ledger(), new StringSerializer(), ledger, RECOGNIZE, TRACK);
    }
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PASSES_STORE),
            Serdes.String(),
            JsonSerde.of(CameraPasses.class)),
        TRACK);
    Serializer<Object> reads =
        (Serializer<Object>) (Serializer<?>) new AvroSerializer<PlateRead>(registry);
    Serializer<Object> events =
        (Serializer<Object>) (Serializer<?>) new AvroSerializer<PlateEvent>(registry);
    Serializer<Object> raw = (Serializer<Object>) (Serializer<?>) new ByteArraySerializer();
    topology.addSink(READS_SINK, topics.reads(), new StringSerializer(), reads, RECOGNIZE);
    topology.addSink(EVENTS_SINK, topics.events(), new StringSerializer(), events, TRACK);
    topology.addSink(
        DEAD_LETTER_SINK,
        Topics.deadLetter(topics.plates()),
        new StringSerializer(),
        raw,
        RECOGNIZE);
    if (shadow.enabled()) {
      Serializer<Object> comparisons =
          (Serializer<Object>) (Serializer<?>) new AvroSerializer<ShadowComparison>(registry);
      topology.addSink(SHADOW_SINK, shadow.topic(), new StringSerializer(), comparisons, RECOGNIZE);
    }
    return topology;
  }
}
