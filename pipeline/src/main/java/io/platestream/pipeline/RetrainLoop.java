package io.platestream.pipeline;

import io.platestream.models.registry.ModelCatalog;
import io.platestream.models.registry.ModelRegistry;
import io.platestream.schemas.ModelStatus;
import io.platestream.schemas.ModelVersion;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.function.IntSupplier;

/**
 * The labels loop, one check at a time: once operators have added enough new plate labels, a round
 * fine-tunes the recognizer on them; a candidate the quality gate passes runs in shadow on live
 * traffic, and is promoted only if it agrees with production on enough of it (a sanity floor: a
 * better model disagrees where production misread, a broken one almost everywhere), otherwise
 * retired. Where the loop stands survives a restart in a small state file.
 */
public final class RetrainLoop {
  /**
   * @param everyLabels new plate labels that start a round
   * @param shadowInputs live inputs a shadow candidate must be compared on before it is judged; 0
   *     promotes on the quality gate alone
   * @param minAgreement share of those inputs on which it must agree with production
   * @param shadowTimeout how long to wait for them; past it the candidate is left in shadow for an
   *     operator to decide
   */
  public record Settings(
      int everyLabels, int shadowInputs, double minAgreement, Duration shadowTimeout) {
    public Settings {
      if (everyLabels < 1) {
        throw new IllegalArgumentException(
            "a round needs at least 1 new label, got " + everyLabels);
      }
      if (shadowInputs < 0 || minAgreement < 0 || minAgreement > 1) {
        throw new IllegalArgumentException(
            "shadow inputs must be 0 or more and the agreement between 0 and 1");
      }
    }
  }

  /** Fine-tunes on the labels and publishes through the gate (in shadow, or promoted). */
  @FunctionalInterface
  public interface Trainer {
    void train(int round, boolean shadowFirst) throws Exception;
  }

  /** Reads a shadow version's comparisons so far. */
  @FunctionalInterface
  public interface Shadows {
    ShadowTally tally(String modelName, int version);
  }

  /** What one check did. */
  public enum Step {
    WAITING_FOR_LABELS,
    GATE_REFUSED,
    PROMOTED,
    SHADOWING,
    WAITING_FOR_TRAFFIC,
    SHADOW_REJECTED,
    LEFT_IN_SHADOW
  }

  /** The step and a line for the operator. */
  public record Outcome(Step step, String message) {}

  private final Settings settings;
  private final String modelName;
  private final Path stateFile;
  private final IntSupplier plateLabels;
  private final Trainer trainer;
  private final ModelRegistry registry;
  private final ModelCatalog catalog;
  private final Shadows shadows;
  private final Clock clock;

  public RetrainLoop(
      Settings settings,
      String modelName,
      Path stateFile,
      IntSupplier plateLabels,
      Trainer trainer,
      ModelRegistry registry,
      ModelCatalog catalog,
      Shadows shadows,
      Clock clock) {
    this.settings = settings;
    this.modelName = modelName;
    this.stateFile = stateFile;
    this.plateLabels = plateLabels;
    this.trainer = trainer;
    this.registry = registry;
    this.catalog = catalog;
    this.shadows = shadows;
    this.clock = clock;
  }

  /** One check: judge a candidate in shadow, or start a round if enough labels came. */
  public Outcome checkOnce() throws Exception {
    Properties state = readState();
    String pending = state.getProperty("shadow.version");
    if (pending != null) {
      return judgeShadow(state, Integer.parseInt(pending));
    }
    int labels = plateLabels.getAsInt();
    int before = Integer.parseInt(state.getProperty("labels", "0"));
    if (labels - before < settings.everyLabels()) {
      return new Outcome(
          Step.WAITING_FOR_LABELS,
          String.format(
              "%d plate labels, %d new since the last round; a round starts at %d new",
              labels, Math.max(0, labels - before), settings.everyLabels()));
    }
    int round = Integer.parseInt(state.getProperty("round", "0")) + 1;
    int newestBefore = newestVersion();
    boolean shadowFirst = settings.shadowInputs() > 0;
    trainer.train(round, shadowFirst);
    state.setProperty("round", Integer.toString(round));
    state.setProperty("labels", Integer.toString(labels));
    Optional<ModelVersion> published =
        registry.versions(modelName).stream()
            .filter(v -> v.getVersion() > newestBefore)
            .reduce((a, b) -> b);
    Outcome outcome;
    if (published.isEmpty() || published.get().getStatus() == ModelStatus.CANDIDATE) {
      outcome =
          new Outcome(
              Step.GATE_REFUSED,
              String.format(
                  "round %d on %d labels: %s",
                  round,
                  labels,
                  published.isEmpty()
                      ? "no checkpoint beat production, nothing published"
                      : "v"
                          + published.get().getVersion()
                          + " stays a candidate: "
                          + published.get().getStatusReason()));
    } else if (published.get().getStatus() == ModelStatus.SHADOW) {
      state.setProperty("shadow.version", Integer.toString(published.get().getVersion()));
      state.setProperty("shadow.since", Long.toString(clock.millis()));
      outcome =
          new Outcome(
              Step.SHADOWING,
              String.format(
                  "round %d on %d labels: v%d passed the quality gate and runs in shadow until"
                      + " %d live inputs are compared",
                  round, labels, published.get().getVersion(), settings.shadowInputs()));
    } else {
      outcome =
          new Outcome(
              Step.PROMOTED,
              String.format(
                  "round %d on %d labels: v%d promoted by the quality gate",
                  round, labels, published.get().getVersion()));
    }
    writeState(state);
    return outcome;
  }

  private Outcome judgeShadow(Properties state, int version) throws IOException {
    ShadowTally tally = shadows.tally(modelName, version);
    long since = Long.parseLong(state.getProperty("shadow.since", "0"));
    Outcome outcome;
    if (tally.compared() < settings.shadowInputs()) {
      if (clock.millis() - since < settings.shadowTimeout().toMillis()) {
        return new Outcome(
            Step.WAITING_FOR_TRAFFIC,
            String.format(
                "v%d in shadow: %s; waiting for %d",
                version, tally.describe(), settings.shadowInputs()));
      }
      outcome =
          new Outcome(
              Step.LEFT_IN_SHADOW,
              String.format(
                  "v%d in shadow: %s within %s; left in shadow for an operator to promote or"
                      + " retire",
                  version, tally.describe(), settings.shadowTimeout()));
    } else if (tally.agreement() >= settings.minAgreement()) {
      catalog.promote(modelName, version, "retrain loop: " + tally.describe());
      outcome = new Outcome(Step.PROMOTED, "v" + version + " promoted: " + tally.describe());
    } else {
      catalog.retire(
          modelName,
          version,
          String.format(
              "retrain loop: %s, below the %.2f required",
              tally.describe(), settings.minAgreement()));
      outcome =
          new Outcome(
              Step.SHADOW_REJECTED,
              String.format(
                  "v%d retired: %s, below the %.2f required",
                  version, tally.describe(), settings.minAgreement()));
    }
    state.remove("shadow.version");
    state.remove("shadow.since");
    writeState(state);
    return outcome;
  }

  private int newestVersion() {
    return registry.versions(modelName).stream().mapToInt(ModelVersion::getVersion).max().orElse(0);
  }

  private Properties readState() throws IOException {
    Properties state = new Properties();
    if (Files.isRegularFile(stateFile)) {
      try (Reader in = Files.newBufferedReader(stateFile, StandardCharsets.UTF_8)) {
        state.load(in);
      }
    }
    return state;
  }

  /** Written aside and moved into place, so a crash never leaves half a state file. */
  private void writeState(Properties state) throws IOException {
    Files.createDirectories(stateFile.toAbsolutePath().getParent());
    Path next = stateFile.resolveSibling(stateFile.getFileName() + ".next");
    try (Writer out = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
      state.store(out, "platestream retrain: where the labels loop stands");
    }
    Files.move(
        next, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
