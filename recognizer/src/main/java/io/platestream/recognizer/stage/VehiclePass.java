package io.platestream.recognizer.stage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One vehicle going past one camera, as far as its reads tell: every read's text and confidences
 * for the vote, and the whole best read (Avro, with its crop, frame and outline) for the event.
 * Mutable, with bean accessors, because it lives in a JSON-serialised store.
 */
public final class VehiclePass {
  private List<PassRead> reads = new ArrayList<>();
  // Kept beside the capped read list, whose oldest reads may be gone. Zero or null in a store
  // written before the cap: then they come from the reads.
  private int readCount;
  private long firstSeenMs;
  private long lastSeenMs;
  private String firstDetectionId;
  private byte[] bestRead;
  private boolean bestValid;
  private float bestConfidence = -1;
  private long lastUpdateWallMs;
  private boolean earlyEventSent;

  static VehiclePass start(PassRead read, byte[] plateRead, long wallClockMs) {
    VehiclePass pass = new VehiclePass();
    pass.add(read, plateRead, wallClockMs, Integer.MAX_VALUE);
    return pass;
  }

  /**
   * Adds a read; its Avro bytes become the pass's best read if it beats the current one. Past
   * {@code maxReads} the weakest read is let go (rejected before valid, then the least confident,
   * then the oldest), so a parked car's pass stays the same size however long it stays.
   */
  void add(PassRead read, byte[] plateRead, long wallClockMs, int maxReads) {
    if (firstDetectionId == null) { // new, or stored before the cap: take what the reads say
      firstSeenMs = reads.isEmpty() ? read.captureTimeMs() : firstSeenMs();
      lastSeenMs = reads.isEmpty() ? read.captureTimeMs() : lastSeenMs();
      readCount = reads.size();
      firstDetectionId = reads.isEmpty() ? read.detectionId() : reads.get(0).detectionId();
    }
    reads.add(read);
    readCount++;
    firstSeenMs = Math.min(firstSeenMs, read.captureTimeMs());
    lastSeenMs = Math.max(lastSeenMs, read.captureTimeMs());
    if (reads.size() > maxReads) {
      reads.remove(reads.stream().min(WEAKEST_FIRST).orElseThrow());
    }
    lastUpdateWallMs = Math.max(lastUpdateWallMs, wallClockMs);
    boolean better =
        bestRead == null
            || (read.valid() && !bestValid)
            || (read.valid() == bestValid && read.confidence() > bestConfidence);
    if (better) {
      bestRead = plateRead;
      bestValid = read.valid();
      bestConfidence = read.confidence();
    }
  }

  private static final java.util.Comparator<PassRead> WEAKEST_FIRST =
      java.util.Comparator.comparing(PassRead::valid)
          .thenComparingDouble(PassRead::confidence)
          .thenComparingLong(PassRead::captureTimeMs);

  long firstSeenMs() {
    return firstDetectionId != null
        ? firstSeenMs
        : reads.stream().mapToLong(PassRead::captureTimeMs).min().orElseThrow();
  }

  long lastSeenMs() {
    return firstDetectionId != null
        ? lastSeenMs
        : reads.stream().mapToLong(PassRead::captureTimeMs).max().orElseThrow();
  }

  /** Every read the pass took, including those the cap let go. */
  int readCount() {
    return firstDetectionId != null ? readCount : reads.size();
  }

  /** The pass's first read's detection: the event id, the same whatever the cap let go. */
  String firstDetectionId() {
    return firstDetectionId != null ? firstDetectionId : reads.get(0).detectionId();
  }

  /** Every text the reads saw or offered as a candidate. */
  Set<String> texts() {
    Set<String> texts = new LinkedHashSet<>();
    for (PassRead read : reads) {
      texts.add(read.text());
      texts.addAll(read.candidates());
    }
    return texts;
  }

  public List<PassRead> getReads() {
    return reads;
  }

  public void setReads(List<PassRead> reads) {
    this.reads = new ArrayList<>(reads);
  }

  public int getReadCount() {
    return readCount;
  }

  public void setReadCount(int readCount) {
    this.readCount = readCount;
  }

  public long getFirstSeenMs() {
    return firstSeenMs;
  }

  public void setFirstSeenMs(long firstSeenMs) {
    this.firstSeenMs = firstSeenMs;
  }

  public long getLastSeenMs() {
    return lastSeenMs;
  }

  public void setLastSeenMs(long lastSeenMs) {
    this.lastSeenMs = lastSeenMs;
  }

  public String getFirstDetectionId() {
    return firstDetectionId;
  }

  public void setFirstDetectionId(String firstDetectionId) {
    this.firstDetectionId = firstDetectionId;
  }

  public byte[] getBestRead() {
    return bestRead;
  }

  public void setBestRead(byte[] bestRead) {
    this.bestRead = bestRead;
  }

  public boolean isBestValid() {
    return bestValid;
  }

  public void setBestValid(boolean bestValid) {
    this.bestValid = bestValid;
  }

  public float getBestConfidence() {
    return bestConfidence;
  }

  public void setBestConfidence(float bestConfidence) {
    this.bestConfidence = bestConfidence;
  }

  public long getLastUpdateWallMs() {
    return lastUpdateWallMs;
  }

  public void setLastUpdateWallMs(long lastUpdateWallMs) {
    this.lastUpdateWallMs = lastUpdateWallMs;
  }

  /** Whether the provisional event of this pass has left (absent in older stores: false). */
  public boolean isEarlyEventSent() {
    return earlyEventSent;
  }

  public void setEarlyEventSent(boolean earlyEventSent) {
    this.earlyEventSent = earlyEventSent;
  }
}
