package io.platestream.sink.hotlist;

import io.platestream.schemas.DeadLetters;
import io.platestream.schemas.HotlistAlert;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.Watchlist;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events in, one {@link HotlistAlert} per matching watchlist entry out. An alert id already in the
 * changelogged {@value HotlistTopology#ALERTED_STORE} store is not raised again, so an event that
 * reaches the stage twice (a replay upstream) alerts once; ids are forgotten after {@link
 * #REMEMBER}.
 */
final class MatchProcessor implements Processor<String, byte[], String, Object> {
  private static final Logger log = LoggerFactory.getLogger(MatchProcessor.class);

  /** Longer than any reading the recognizer can make (its model reads at most 40). */
  static final int MAX_PLATE_CHARS = 64;

  static final Duration REMEMBER = Duration.ofDays(7);

  private final Deserializer<PlateEvent> events;
  private final Deserializer<Watchlist> watchlists;
  private final HotlistMatcher matcher = new HotlistMatcher();
  private final HotlistMetrics metrics;
  private final Map<String, Decoded> decoded = new HashMap<>();
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, byte[]> lists;
  private KeyValueStore<String, Long> alerted;

  private record Decoded(byte[] bytes, Watchlist list) {}

  MatchProcessor(
      Deserializer<PlateEvent> events, Deserializer<Watchlist> watchlists, HotlistMetrics metrics) {
    this.events = events;
    this.watchlists = watchlists;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.lists = context.getStateStore(HotlistTopology.WATCHLISTS_STORE);
    this.alerted = context.getStateStore(HotlistTopology.ALERTED_STORE);
    context.schedule(Duration.ofHours(1), PunctuationType.WALL_CLOCK_TIME, this::forgetOld);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    PlateEvent event;
    try {
      event = events.deserialize(topic(), record.value());
    } catch (RuntimeException e) {
      deadLetter(record, e);
      return;
    }
    if (event == null) {
      return;
    }
    if (event.getPlate().length() > MAX_PLATE_CHARS) {
      // No reading is this long; a pattern entry could take the stack matching one.
      deadLetter(
          record,
          new IllegalArgumentException(
              "event "
                  + event.getEventId()
                  + " has a plate of "
                  + event.getPlate().length()
                  + " characters; a plate has at most "
                  + MAX_PLATE_CHARS));
      return;
    }
    long now = context.currentSystemTimeMs();
    List<HotlistAlert> matched;
    try {
      matched = matcher.alerts(event, currentLists(), now);
    } catch (RuntimeException | StackOverflowError e) {
      // A pattern and a plate that regular expressions cannot take: this event's fault, not the
      // stage's; the thread would otherwise fail on it again after every restart.
      deadLetter(
          record,
          new IllegalArgumentException(
              "event " + event.getEventId() + " cannot be matched: " + e, e));
      return;
    }
    for (HotlistAlert alert : matched) {
      if (alerted.get(alert.getAlertId()) != null) {
        metrics.duplicate();
        continue;
      }
      alerted.put(alert.getAlertId(), now);
      metrics.alert(alert.getWatchlist(), alert.getSeverity().name());
      context.forward(
          new Record<String, Object>(alert.getPlate(), alert, record.timestamp()),
          HotlistTopology.ALERTS_SINK);
    }
  }

  private void deadLetter(Record<String, byte[]> record, RuntimeException cause) {
    // Refuses a transient cause (the hotlist then waits for the registry): before counting.
    Record<String, Object> dead = DeadLetters.record(context, record, "hotlist", cause);
    metrics.deadLetter();
    context.forward(dead, HotlistTopology.DEAD_LETTER_SINK);
  }

  private String topic() {
    return context.recordMetadata().map(m -> m.topic()).orElse("?");
  }

  /** The lists in the global store, decoded once per change. */
  private List<Watchlist> currentLists() {
    List<Watchlist> current = new ArrayList<>();
    Map<String, Decoded> seen = new HashMap<>();
    try (KeyValueIterator<String, byte[]> all = lists.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> entry = all.next();
        Decoded known = decoded.get(entry.key);
        if (known == null || !Arrays.equals(known.bytes(), entry.value)) {
          try {
            known = new Decoded(entry.value, watchlists.deserialize("watchlists", entry.value));
          } catch (RuntimeException e) {
            log.warn("watchlist {} cannot be read and is ignored: {}", entry.key, e.getMessage());
            continue;
          }
        }
        seen.put(entry.key, known);
        current.add(known.list());
      }
    }
    decoded.clear();
    decoded.putAll(seen);
    return current;
  }

  private void forgetOld(long now) {
    List<String> old = new ArrayList<>();
    try (KeyValueIterator<String, Long> all = alerted.all()) {
      all.forEachRemaining(
          kv -> {
            if (kv.value < now - REMEMBER.toMillis()) {
              old.add(kv.key);
            }
          });
    }
    old.forEach(alerted::delete);
  }
}
