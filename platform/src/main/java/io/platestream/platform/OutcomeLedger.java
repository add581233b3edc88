package io.platestream.platform;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.platestream.schemas.LedgerEntry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Counts, per camera, how a Streams stage's inputs ended (detected, dead-lettered, shed, ...) in a
 * changelogged store. The counts therefore commit in the same transaction as the outputs they
 * describe: under exactly-once a crash neither counts an input twice nor loses one. With each
 * change the camera's counts are written whole, as a {@link LedgerEntry} keyed {@code
 * stage/camera}, to the compacted ledger topic, in that same transaction: a plate a later stage can
 * read is always counted in the ledger already, so "in flight" between stages is never negative.
 * The counts are meters too, {@code platestream.ledger{stage,camera,outcome}}.
 *
 * <p>One instance per processor, used on its stream thread; the processors of one stage share the
 * store (connect it to each) and one {@link Meters}.
 */
public final class OutcomeLedger {
  /** The store's name; its changelog is what makes the counts exact. */
  public static final String STORE = "outcome-ledger";

  private static final char SEPARATOR = '\u0000';

  /** Names of marks (values that are not counts) start so: no meter is made for them. */
  public static final String MARK_PREFIX = "last_";

  /** The store, to add to the topology and connect to every processor that counts. */
  public static StoreBuilder<KeyValueStore<String, Long>> storeBuilder() {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.Long());
  }

  /**
   * One stage's counts as meters, shared by its tasks (each camera is counted by one at a time).
   */
  public static final class Meters {
    private final String stage;
    private final MeterRegistry registry;
    private final Map<List<String>, AtomicLong> counts = new ConcurrentHashMap<>();

    public Meters(String stage, MeterRegistry registry) {
      this.stage = stage;
      this.registry = registry;
    }

    public String stage() {
      return stage;
    }

    void set(String camera, String outcome, long value) {
      counts
          .computeIfAbsent(
              List.of(camera, outcome),
              key -> {
                AtomicLong count = new AtomicLong();
                FunctionCounter.builder("platestream.ledger", count, AtomicLong::get)
                    .description(
                        "Inputs of a stage by how they ended, per camera, as committed with the"
                            + " stage's output")
                    .tag("stage", stage)
                    .tag("camera", camera)
                    .tag("outcome", outcome)
                    .register(registry);
                return count;
              })
          .set(value);
    }
  }

  private final Meters meters;
  private final String sinkName;
  private KeyValueStore<String, Long> store;
  private ProcessorContext<String, Object> context;

  /**
   * @param sinkName the topology's sink to the ledger topic, a child of the processor; null counts
   *     in the store and meters only (tests that do not read the ledger)
   */
  public OutcomeLedger(Meters meters, String sinkName) {
    this.meters = meters;
    this.sinkName = sinkName;
  }

  /** Opens the store, and sets the meters to the counts it holds (after a restart too). */
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    try (KeyValueIterator<String, Long> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, Long> entry = all.next();
        if (!outcomeOf(entry.key).startsWith(MARK_PREFIX)) {
          meters.set(cameraOf(entry.key), outcomeOf(entry.key), entry.value);
        }
      }
    }
  }

  /** Adds {@code n} to the camera's {@code outcome}. */
  public void count(String camera, String outcome, long n) {
    count(camera, Map.of(outcome, n));
  }

  /**
   * Adds each increment to the camera's outcome of that name, then writes the camera's entry once
   * (one input that ends in several counts, such as a frame and its plates, makes one entry).
   */
  public void count(String camera, Map<String, Long> increments) {
    String name = camera == null ? "" : camera;
    for (Map.Entry<String, Long> increment : increments.entrySet()) {
      String key = name + SEPARATOR + increment.getKey();
      Long before = store.get(key);
      long now = (before == null ? 0 : before) + increment.getValue();
      store.put(key, now);
      meters.set(name, increment.getKey(), now);
    }
    if (sinkName != null) {
      write(name);
    }
  }

  public void count(String camera, String outcome) {
    count(camera, outcome, 1);
  }

  /**
   * Records a value that is not a count (such as the last frame number seen) beside the camera's
   * counts, committed with them; returns the value it replaces, or -1. It is no meter.
   */
  public long mark(String camera, String name, long value) {
    String key = (camera == null ? "" : camera) + SEPARATOR + name;
    Long before = store.get(key);
    store.put(key, value);
    return before == null ? -1 : before;
  }

  /** Writes the camera's whole counts to the ledger topic. */
  private void write(String camera) {
    Map<String, Long> counts = new TreeMap<>();
    try (KeyValueIterator<String, Long> rows =
        store.prefixScan(camera + SEPARATOR, new StringSerializer())) {
      while (rows.hasNext()) {
        KeyValue<String, Long> row = rows.next();
        counts.put(outcomeOf(row.key), row.value);
      }
    }
    long now = context.currentSystemTimeMs();
    LedgerEntry entry = new LedgerEntry(meters.stage(), camera, Map.copyOf(counts), now);
    context.forward(new Record<>(meters.stage() + "/" + camera, (Object) entry, now), sinkName);
  }

  private static String cameraOf(String key) {
    return key.substring(0, key.indexOf(SEPARATOR));
  }

  private static String outcomeOf(String key) {
    return key.substring(key.indexOf(SEPARATOR) + 1);
  }
}
