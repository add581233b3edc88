package io.platestream.pipeline;

import io.platestream.schemas.Topics;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The topics each stage reads and writes, so every command creates the same ones. */
public final class StageTopics {
  private StageTopics() {}

  public static final List<String> DETECT =
      List.of(
          Topics.FRAMES,
          Topics.PLATES,
          Topics.deadLetter(Topics.FRAMES),
          Topics.SHADOW,
          Topics.LEDGER);

  public static final List<String> RECOGNIZE =
      List.of(
          Topics.PLATES,
          Topics.READS,
          Topics.EVENTS,
          Topics.deadLetter(Topics.PLATES),
          Topics.SHADOW,
          Topics.LEDGER);

  public static final List<String> SINK =
      List.of(
          Topics.EVENTS,
          Topics.ALERTS,
          Topics.deadLetter(Topics.EVENTS),
          Topics.WATCHLISTS,
          Topics.LABELS,
          Topics.MODELS);

  /** The model registry and its artifact store (both compacted). */
  public static final List<String> MODELS = List.of(Topics.MODELS, Topics.ARTIFACTS);

  /** Every topic of the whole pipeline, each once. */
  public static List<String> all() {
    Set<String> all = new LinkedHashSet<>();
    all.add(Topics.FRAMES);
    all.addAll(DETECT);
    all.addAll(RECOGNIZE);
    all.addAll(SINK);
    all.addAll(MODELS);
    return List.copyOf(all);
  }
}
