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
  private byte[] bestRead;
  private boolean bestValid;
  private float bestConfidence = -1;
  private long lastUpdateWallMs;
  private boolean earlyEventSent;

  static VehiclePass start(PassRead read, byte[] plateRead, long wallClockMs) {
    VehiclePass pass = new VehiclePass();
    pass.add(read, plateRead, wallClockMs);
    return pass;
  }

  /** Adds a read; its Avro bytes become the pass's best read if it beats the current one. */
  void add(PassRead read, byte[] plateRead, long wallClockMs) {
    reads.add(read);
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

  long firstSeenMs() {
    return reads.stream().mapToLong(PassRead::captureTimeMs).min().orElseThrow();
  }

  long lastSeenMs() {
    return reads.stream().mapToLong(PassRead::captureTimeMs).max().orElseThrow();
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
