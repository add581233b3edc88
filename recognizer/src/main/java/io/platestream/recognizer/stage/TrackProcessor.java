package io.platestream.recognizer.stage;

import io.platestream.platform.OutcomeLedger;
import io.platestream.schemas.PlateCandidate;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.PlateRead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads in, one {@link PlateEvent} per vehicle pass out, preceded by a provisional one with the
 * same id as soon as the pass's reading is sure (see {@link PassTracker.EarlyEvents}). Open passes
 * live in a changelog-backed store keyed by camera, so under exactly-once a restart in the middle
 * of a pass picks the pass up where the last commit left it and the pass still yields one event. A
 * wall-clock punctuation closes the passes of cameras that went quiet.
 */
final class TrackProcessor implements Processor<String, Object, String, Object> {
  private final PassTracker tracker;
  private final Predicate<String> validPlate;
  private final RecognizerMetrics metrics;
  private KeyValueStore<String, CameraPasses> store;
  private ProcessorContext<String, Object> context;
  private final String ledgerSink;
  private OutcomeLedger ledger;

  /** Reads with no text (they open no pass), and what passes became, in the ledger. */
  static final String UNREAD = "unread";

  static final String EARLY_EVENTS = "events_early";
  static final String FINAL_EVENTS = "events_final";
  static final String PASSES_DISCARDED = "passes_discarded";

  TrackProcessor(
      PassTracker tracker,
      Predicate<String> validPlate,
      RecognizerMetrics metrics,
      String ledgerSink) {
    this.ledgerSink = ledgerSink;
    this.tracker = tracker;
    this.validPlate = validPlate;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.store = context.getStateStore(RecognizerTopology.PASSES_STORE);
    this.ledger = new OutcomeLedger(metrics.ledger(), ledgerSink);
    ledger.init(context);
    context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::closeIdle);
  }

  @Override
  public void process(Record<String, Object> record) {
    PlateRead read = (PlateRead) record.value();
    if (read.getText().length() == 0) {
      ledger.count(record.key(), UNREAD);
      return; // nothing was read: no plate to follow
    }
    String camera = read.getFrame().getCameraId().toString();
    CameraPasses passes = store.get(camera);
    if (passes == null) {
      passes = CameraPasses.empty();
    }
    List<VehiclePass> closed =
        tracker.add(passes, passRead(read), bytes(read), context.currentSystemTimeMs());
    for (VehiclePass pass : tracker.readyForEarlyEvent(passes, validPlate)) {
      pass.setEarlyEventSent(true); // stored with the pass: a restart does not announce it again
      context.forward(
          new Record<>(camera, (Object) event(camera, pass, true), record.timestamp()),
          RecognizerTopology.EVENTS_SINK);
      metrics.earlyEvent(context.currentSystemTimeMs() - read.getFrame().getCaptureTimeMs());
      ledger.count(camera, EARLY_EVENTS);
    }
    store.put(camera, passes);
    emit(camera, closed, record.timestamp());
  }

  private void closeIdle(long wallClockMs) {
    List<KeyValue<String, CameraPasses>> changed = new ArrayList<>();
    try (KeyValueIterator<String, CameraPasses> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, CameraPasses> entry = all.next();
        List<VehiclePass> closed = tracker.closeIdle(entry.value, wallClockMs);
        if (!closed.isEmpty()) {
          changed.add(entry);
          emit(entry.key, closed, wallClockMs);
        }
      }
    }
    for (KeyValue<String, CameraPasses> entry : changed) {
      if (entry.value.open().isEmpty()) {
        store.delete(entry.key);
      } else {
        store.put(entry.key, entry.value);
      }
    }
  }

  private void emit(String camera, List<VehiclePass> closed, long timestamp) {
    for (VehiclePass pass : closed) {
      if (!tracker.worthAnEvent(pass)) {
        metrics.passDiscarded();
        ledger.count(camera, PASSES_DISCARDED);
        continue;
      }
      context.forward(
          new Record<>(camera, (Object) event(camera, pass, false), timestamp),
          RecognizerTopology.EVENTS_SINK);
      metrics.event();
      ledger.count(camera, FINAL_EVENTS);
    }
  }

  private PlateEvent event(String camera, VehiclePass pass, boolean provisional) {
    PlateVote.Result vote = PlateVote.vote(pass.getReads());
    PlateRead best;
    try {
      best = PlateRead.fromByteBuffer(ByteBuffer.wrap(pass.getBestRead()));
    } catch (IOException e) {
      throw new UncheckedIOException("a stored read cannot be decoded", e);
    }
    List<PlateCandidate> candidates =
        vote.candidates().stream()
            .map(c -> new PlateCandidate(c.text(), c.share(), validPlate.test(c.text())))
            .toList();
    return PlateEvent.newBuilder()
        // Derived from the pass's first read: a replay after a crash yields the same id.
        .setEventId(camera + "/" + pass.firstDetectionId())
        .setCameraId(camera)
        .setPlate(vote.text())
        .setValid(vote.fromValidReads() && validPlate.test(vote.text()))
        .setConfidence(vote.confidence())
        .setFirstSeenMs(pass.firstSeenMs())
        .setLastSeenMs(pass.lastSeenMs())
        .setReadCount(pass.readCount())
        .setCandidates(candidates)
        .setBestCrop(best.getCrop())
        .setBestFrame(best.getFrame())
        .setBestPolygon(best.getPolygon())
        .setDetector(best.getDetector())
        .setRecognizer(best.getRecognizer())
        .setBestSnapshot(
            SnapshotMarker.mark(best.getSnapshot(), best.getPolygon(), best.getFrame()))
        .setEmitTimeMs(context.currentSystemTimeMs())
        .setProvisional(provisional)
        .build();
  }

  private static PassRead passRead(PlateRead read) {
    return new PassRead(
        read.getDetectionId().toString(),
        read.getFrame().getCaptureTimeMs(),
        read.getText().toString(),
        read.getValid(),
        read.getConfidence(),
        read.getCharConfidences(),
        read.getCandidates().stream().map(c -> c.getText().toString()).toList());
  }

  private static byte[] bytes(PlateRead read) {
    try {
      ByteBuffer buffer = read.toByteBuffer();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("a read cannot be encoded", e);
    }
  }
}
