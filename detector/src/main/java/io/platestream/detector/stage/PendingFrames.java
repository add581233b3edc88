package io.platestream.detector.stage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The frames a detector task has taken in but not yet forwarded, in the changelogged store {@value
 * DetectorTopology#PENDING_STORE}: committed with the task, so a restart finds them again. Keys
 * number frames in arrival order and keep growing across restarts.
 */
final class PendingFrames {
  private final KeyValueStore<Long, byte[]> store;
  private final List<KeyValue<Long, byte[]>> leftByLastRun;
  private long nextKey;

  private PendingFrames(KeyValueStore<Long, byte[]> store) {
    this.store = store;
    this.leftByLastRun = inArrivalOrder();
    leftByLastRun.forEach(entry -> nextKey = Math.max(nextKey, entry.key + 1));
  }

  /** The task's store; the next key follows the frames a previous run left there. */
  static PendingFrames of(ProcessorContext<?, ?> context) {
    return new PendingFrames(context.getStateStore(DetectorTopology.PENDING_STORE));
  }

  /** The frames the store held when it was opened (restored from the changelog), oldest first. */
  List<KeyValue<Long, byte[]>> leftByLastRun() {
    return leftByLastRun;
  }

  /** Every waiting frame, oldest first. */
  List<KeyValue<Long, byte[]>> inArrivalOrder() {
    List<KeyValue<Long, byte[]>> waiting = new ArrayList<>();
    try (KeyValueIterator<Long, byte[]> all = store.all()) {
      all.forEachRemaining(waiting::add);
    }
    waiting.sort(Comparator.comparing(entry -> entry.key));
    return waiting;
  }

  /** Keeps {@code frame} until it is deleted; its key. */
  long add(PendingFrame frame) {
    long key = nextKey++;
    store.put(key, frame.encode());
    return key;
  }

  void delete(long key) {
    store.delete(key);
  }
}
