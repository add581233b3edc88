package io.platestream.schemas;

/**
 * Names of the topics that carry PlateStream's contracts (see DESIGN.md, "Topics and contracts").
 */
public final class Topics {
  public static final String FRAMES = "platestream.frames";
  public static final String PLATES = "platestream.plates";
  public static final String READS = "platestream.reads";
  public static final String EVENTS = "platestream.events";
  public static final String ALERTS = "platestream.alerts";
  public static final String MODELS = "platestream.models";
  public static final String ARTIFACTS = "platestream.artifacts";
  public static final String SHADOW = "platestream.shadow";
  public static final String WATCHLISTS = "platestream.watchlists";

  /** Compacted: operators' verdicts on events, keyed by event id ({@code PlateLabel}). */
  public static final String LABELS = "platestream.labels";

  /** Compacted: how each stage's inputs ended, per camera ({@code LedgerEntry}). */
  public static final String LEDGER = "platestream.ledger";

  /** The dead-letter topic of a stage's input topic. */
  public static String deadLetter(String topic) {
    return topic + ".dlq";
  }

  private Topics() {}
}
