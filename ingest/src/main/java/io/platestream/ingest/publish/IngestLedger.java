package io.platestream.ingest.publish;

import io.platestream.schemas.LedgerEntry;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest's rows of the frame ledger: per camera, how its sampled frames ended (skipped for no
 * motion, published, dropped for a full queue, failed to publish), as {@link LedgerEntry} records
 * keyed {@code ingest/<camera>} on the compacted ledger topic. Totals carry over restarts: a camera
 * starts from the counts its last entry holds. Unlike the Streams stages' rows these are not
 * written in a transaction with the frames, so a crash loses the counts since the last write; the
 * detector's {@code missing} count still covers every frame number that never reached it.
 */
public final class IngestLedger implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestLedger.class);
  public static final String STAGE = "ingest";

  private final Producer<String, LedgerEntry> producer;
  private final String topic;
  private final Function<String, Map<String, Long>> carried;
  private final Map<String, Map<String, Long>> base = new HashMap<>();
  private final Map<String, Map<String, Long>> written = new HashMap<>();

  /**
   * @param producer owned: closed with this ledger
   * @param carried each camera's counts as its last entry holds them (empty for a new camera)
   */
  public IngestLedger(
      Producer<String, LedgerEntry> producer,
      String topic,
      Function<String, Map<String, Long>> carried) {
    this.producer = producer;
    this.topic = topic;
    this.carried = carried;
  }

  /**
   * Writes the camera's totals, the carried counts plus {@code sinceStart} (this process's), when
   * they changed since the last write.
   */
  public synchronized void write(String camera, Map<String, Long> sinceStart, long nowMs) {
    Map<String, Long> totals =
        plus(base.computeIfAbsent(camera, c -> Map.copyOf(carried.apply(c))), sinceStart);
    if (totals.equals(written.get(camera))) {
      return;
    }
    LedgerEntry entry = new LedgerEntry(STAGE, camera, Map.copyOf(totals), nowMs);
    producer.send(
        new ProducerRecord<>(topic, STAGE + "/" + camera, entry),
        (metadata, failure) -> {
          if (failure != null) {
            // The next write carries the same totals, and more: nothing to resend.
            log.warn("ledger entry of camera {} not written: {}", camera, failure.getMessage());
          }
        });
    written.put(camera, totals);
  }

  /** Counts summed by outcome name. */
  public static Map<String, Long> plus(Map<String, Long> a, Map<String, Long> b) {
    Map<String, Long> sum = new LinkedHashMap<>(a);
    b.forEach((outcome, count) -> sum.merge(outcome, count, Long::sum));
    return sum;
  }

  @Override
  public void close() {
    producer.close();
  }
}
