package io.platestream.recognizer.stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Groups one camera's plate reads into vehicle passes, without Kafka: a read joins the open pass
 * whose voted plate is within {@code maxEditDistance} of it (or that shares a candidate with it)
 * and that was seen at most {@code maxGapMs} before it; otherwise it opens a pass. A pass closes
 * when the camera's stream time moves more than {@code maxGapMs} past its last read, or when no
 * read has reached it for {@code idleTimeoutMs} of wall-clock time (a camera that went quiet).
 *
 * <p>The tracker holds no state of its own: it changes the {@link CameraPasses} it is given, which
 * the stage keeps in a changelog-backed store.
 */
public final class PassTracker {
  /**
   * How reads are grouped, when passes close, and which closed passes become events: by default not
   * a pass none of whose reads the grammar accepted (mostly text that is not a plate), nor one read
   * only once (on the demo clip every such pass was a misread of a plate seen better in another
   * pass, or text that is not a plate).
   */
  public record Settings(
      long maxGapMs,
      int maxEditDistance,
      long idleTimeoutMs,
      boolean emitPassesWithoutValidRead,
      int minReads,
      EarlyEvents early,
      Bounds bounds) {
    public static final int DEFAULT_MIN_READS = 2;

    public Settings {
      if (minReads < 1) {
        throw new IllegalArgumentException("a pass needs at least 1 read, got " + minReads);
      }
    }

    public static Settings defaults() {
      return new Settings(2_000, 2, 3_000, false, DEFAULT_MIN_READS);
    }

    public Settings(
        long maxGapMs,
        int maxEditDistance,
        long idleTimeoutMs,
        boolean emitPassesWithoutValidRead,
        int minReads) {
      this(
          maxGapMs,
          maxEditDistance,
          idleTimeoutMs,
          emitPassesWithoutValidRead,
          minReads,
          EarlyEvents.defaults(),
          Bounds.defaults());
    }

    public Settings(long maxGapMs, int maxEditDistance, long idleTimeoutMs) {
      this(maxGapMs, maxEditDistance, idleTimeoutMs, false, DEFAULT_MIN_READS);
    }

    public Settings withEarlyEvents(EarlyEvents early) {
      return new Settings(
          maxGapMs,
          maxEditDistance,
          idleTimeoutMs,
          emitPassesWithoutValidRead,
          minReads,
          early,
          bounds);
    }

    public Settings withBounds(Bounds bounds) {
      return new Settings(
          maxGapMs,
          maxEditDistance,
          idleTimeoutMs,
          emitPassesWithoutValidRead,
          minReads,
          early,
          bounds);
    }
  }

  /**
   * What keeps a camera's stored passes small whatever stays in view (a parked car is read every
   * frame for hours): a pass keeps its {@code maxReads} strongest reads (the vote runs on them; the
   * count and times cover all), a pass longer than {@code maxPassMs} of capture time closes and the
   * next read opens a new one, and past {@code maxOpenPasses} open at once the one seen longest ago
   * closes.
   */
  public record Bounds(int maxReads, long maxPassMs, int maxOpenPasses) {
    public static final int DEFAULT_MAX_READS = 32;
    public static final long DEFAULT_MAX_PASS_MS = 300_000;
    public static final int DEFAULT_MAX_OPEN_PASSES = 32;

    public Bounds {
      if (maxReads < 1) {
        throw new IllegalArgumentException("a pass must keep at least 1 read, got " + maxReads);
      }
      if (maxPassMs < 1) {
        throw new IllegalArgumentException(
            "the longest pass must be at least 1 ms, got " + maxPassMs);
      }
      if (maxOpenPasses < 1) {
        throw new IllegalArgumentException(
            "a camera needs room for at least 1 open pass, got " + maxOpenPasses);
      }
    }

    public static Bounds defaults() {
      return new Bounds(DEFAULT_MAX_READS, DEFAULT_MAX_PASS_MS, DEFAULT_MAX_OPEN_PASSES);
    }
  }

  /**
   * When a pass still in view is sure enough to announce: at least {@code minReads} reads, a voted
   * plate the grammar accepts, from valid reads, with at least {@code minConfidence}. Then a
   * provisional event leaves at once (an alert need not wait for the car to leave), and the final
   * event, with the same id, when the pass closes. {@code minReads} 0 turns early events off.
   */
  public record EarlyEvents(int minReads, float minConfidence) {
    public static final int DEFAULT_MIN_READS = 2;
    public static final float DEFAULT_MIN_CONFIDENCE = 0.9f;

    public EarlyEvents {
      if (minReads < 0) {
        throw new IllegalArgumentException(
            "early events need 0 (off) or more reads, got " + minReads);
      }
      if (!(minConfidence >= 0 && minConfidence <= 1)) {
        throw new IllegalArgumentException(
            "the early-event confidence must be within 0..1, got " + minConfidence);
      }
    }

    public static EarlyEvents defaults() {
      return new EarlyEvents(DEFAULT_MIN_READS, DEFAULT_MIN_CONFIDENCE);
    }

    public static EarlyEvents off() {
      return new EarlyEvents(0, DEFAULT_MIN_CONFIDENCE);
    }

    public boolean on() {
      return minReads > 0;
    }
  }

  private final Settings settings;

  public PassTracker(Settings settings) {
    this.settings = settings;
  }

  /**
   * Whether a closed pass is worth an event: always when it announced itself early (its final event
   * supersedes the provisional one), else when it has enough reads and a valid one.
   */
  public boolean worthAnEvent(VehiclePass pass) {
    if (pass.isEarlyEventSent()) {
      return true;
    }
    return pass.readCount() >= settings.minReads()
        && (settings.emitPassesWithoutValidRead()
            || pass.getReads().stream().anyMatch(PassRead::valid));
  }

  /**
   * The open passes that are now sure enough for an early event and have not had one; {@code
   * validPlate} is the stage's grammar.
   */
  public List<VehiclePass> readyForEarlyEvent(
      CameraPasses passes, java.util.function.Predicate<String> validPlate) {
    EarlyEvents early = settings.early();
    if (!early.on()) {
      return List.of();
    }
    List<VehiclePass> ready = new ArrayList<>();
    for (VehiclePass pass : passes.open()) {
      if (pass.isEarlyEventSent()
          || pass.readCount() < Math.max(early.minReads(), settings.minReads())) {
        continue;
      }
      PlateVote.Result vote = PlateVote.vote(pass.getReads());
      if (vote.fromValidReads()
          && validPlate.test(vote.text())
          && vote.confidence() >= early.minConfidence()) {
        ready.add(pass);
      }
    }
    return ready;
  }

  /**
   * Adds a read to its pass. Returns the passes that the read's capture time closes (their last
   * read is more than the gap before it, or they began more than the longest pass before it) and
   * the one closed to make room past the open-pass bound, removed from {@code passes}.
   */
  public List<VehiclePass> add(
      CameraPasses passes, PassRead read, byte[] plateRead, long wallClockMs) {
    Bounds bounds = settings.bounds();
    List<VehiclePass> closed =
        close(
            passes,
            pass ->
                pass.lastSeenMs() < read.captureTimeMs() - settings.maxGapMs()
                    || read.captureTimeMs() - pass.firstSeenMs() > bounds.maxPassMs());
    Optional<VehiclePass> match =
        passes.open().stream()
            .filter(p -> read.captureTimeMs() - p.lastSeenMs() <= settings.maxGapMs())
            .filter(p -> similar(p, read))
            .min(
                java.util.Comparator.comparingInt(
                    p -> PlateVote.editDistance(PlateVote.vote(p.getReads()).text(), read.text())));
    if (match.isPresent()) {
      match.get().add(read, plateRead, wallClockMs, bounds.maxReads());
    } else {
      passes.open().add(VehiclePass.start(read, plateRead, wallClockMs));
      if (passes.open().size() > bounds.maxOpenPasses()) {
        VehiclePass stalest =
            passes.open().stream()
                .min(java.util.Comparator.comparingLong(VehiclePass::lastSeenMs))
                .orElseThrow();
        passes.open().remove(stalest);
        closed.add(stalest);
      }
    }
    return closed;
  }

  /** Closes the passes that no read has reached for the idle timeout of wall-clock time. */
  public List<VehiclePass> closeIdle(CameraPasses passes, long wallClockMs) {
    return close(
        passes, pass -> wallClockMs - pass.getLastUpdateWallMs() > settings.idleTimeoutMs());
  }

  private static List<VehiclePass> close(
      CameraPasses passes, java.util.function.Predicate<VehiclePass> closes) {
    List<VehiclePass> closed = new ArrayList<>();
    passes
        .open()
        .removeIf(
            pass -> {
              boolean over = closes.test(pass);
              if (over) {
                closed.add(pass);
              }
              return over;
            });
    return closed;
  }

  private boolean similar(VehiclePass pass, PassRead read) {
    String voted = PlateVote.vote(pass.getReads()).text();
    if (PlateVote.editDistance(voted, read.text()) <= settings.maxEditDistance()) {
      return true;
    }
    java.util.Set<String> seen = pass.texts();
    return read.candidates().stream().anyMatch(seen::contains) || seen.contains(read.text());
  }
}
