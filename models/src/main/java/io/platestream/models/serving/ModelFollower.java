package io.platestream.models.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.platestream.models.ModelSignature;
import io.platestream.models.artifact.ArtifactStore;
import io.platestream.models.registry.ModelRegistry;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.ModelVersion;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a stage's {@link ModelHolder} on the registry's production version of one model (or, for a
 * shadow follower, its shadow version): when a new one appears it fetches the artifact (SHA-256
 * verified), checks its signature, opens and warms it up (the loader's job), and swaps it in. A
 * version that fails any step is rejected with its reason, counted and logged, and the serving
 * version stays. A shadow follower's holder is empty while the registry has no shadow version.
 */
public final class ModelFollower<M> implements AutoCloseable {
  /** How often stages read the registry for a new production or shadow version. */
  public static final Duration INTERVAL = Duration.ofSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(ModelFollower.class);

  /** Opens a model from its artifact and runs one warm-up inference. */
  @FunctionalInterface
  public interface Loader<M> {
    M load(byte[] onnx, ModelVersion version) throws Exception;
  }

  private final String modelName;
  private final boolean shadow;
  private final ModelRegistry registry;
  private final ArtifactStore store;
  private final Loader<M> loader;
  private final SignatureCheck check;
  private final ModelHolder<M> holder;
  private final Map<Integer, String> rejected = new LinkedHashMap<>();
  private final Map<Integer, String> demoted = new LinkedHashMap<>();
  // The versions served, oldest first (the last few): where a demoted version falls back to.
  private final java.util.Deque<ModelVersion> served = new java.util.ArrayDeque<>();
  private final InferenceBreaker breaker =
      new InferenceBreaker(InferenceBreaker.DEFAULT_MAX_FAILURES_IN_A_ROW);
  private final Counter swaps;
  private final Counter rejections;
  private final Counter demotions;
  private final Thread thread;
  private final Duration interval;
  private volatile boolean running = true;

  private ModelFollower(
      String modelName,
      boolean shadow,
      ModelRegistry registry,
      ArtifactStore store,
      Loader<M> loader,
      SignatureCheck check,
      ModelHolder<M> holder,
      Duration interval,
      MeterRegistry meters) {
    this.modelName = modelName;
    this.shadow = shadow;
    this.registry = registry;
    this.store = store;
    this.loader = loader;
    this.check = check;
    this.holder = holder;
    this.interval = interval;
    this.swaps =
        Counter.builder("platestream.models.swaps")
            .description("Model versions swapped in without a restart")
            .tag("model", modelName)
            .tag("role", role())
            .register(meters);
    this.rejections =
        Counter.builder("platestream.models.rejected")
            .description("Model versions that failed a check and were not swapped in")
            .tag("model", modelName)
            .tag("role", role())
            .register(meters);
    this.demotions =
        Counter.builder("platestream.models.demoted")
            .description(
                "Serving versions whose inferences kept failing, replaced by the version before")
            .tag("model", modelName)
            .tag("role", role())
            .register(meters);
    this.thread = new Thread(this::follow, "model-follower-" + modelName + "-" + role());
    thread.setDaemon(true);
  }

  /**
   * Loads the registry's production version (it must load: a stage does not start without a model)
   * and follows the registry from then on.
   *
   * @param closer releases a model that was swapped out
   */
  public static <M> ModelFollower<M> start(
      String modelName,
      ModelRegistry registry,
      ArtifactStore store,
      Loader<M> loader,
      SignatureCheck check,
      Consumer<M> closer,
      Duration interval,
      MeterRegistry meters) {
    ModelVersion production =
        registry
            .production(modelName)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the registry has no production version of " + modelName));
    M initial = open(store, check, loader, production);
    ModelHolder<M> holder = new ModelHolder<>(initial, ref(production), closer);
    ModelFollower<M> follower =
        new ModelFollower<>(
            modelName, false, registry, store, loader, check, holder, interval, meters);
    follower.served.add(production);
    holder.listen(follower.new Breaking());
    follower.thread.start();
    log.info("{}: serving version {}", modelName, production.getVersion());
    return follower;
  }

  /**
   * Follows the registry's shadow version of {@code modelName}: loads it now if there is one (a
   * version that fails is rejected; the stage starts all the same), and from then on swaps in each
   * new shadow version, and empties the holder when none is left.
   */
  public static <M> ModelFollower<M> shadow(
      String modelName,
      ModelRegistry registry,
      ArtifactStore store,
      Loader<M> loader,
      SignatureCheck check,
      Consumer<M> closer,
      Duration interval,
      MeterRegistry meters) {
    ModelFollower<M> follower =
        new ModelFollower<>(
            modelName,
            true,
            registry,
            store,
            loader,
            check,
            new ModelHolder<>(null, null, closer),
            interval,
            meters);
    follower.checkOnce();
    follower.thread.start();
    return follower;
  }

  private String role() {
    return shadow ? "shadow" : "production";
  }

  public ModelHolder<M> holder() {
    return holder;
  }

  /** Versions refused, with why (for the status page). */
  public synchronized Map<Integer, String> rejected() {
    return Map.copyOf(rejected);
  }

  /** Versions taken out of service because their inferences kept failing, with why. */
  public synchronized Map<Integer, String> demoted() {
    return Map.copyOf(demoted);
  }

  private void follow() {
    while (running) {
      long wakeAt = System.nanoTime() + interval.toNanos();
      while (running && System.nanoTime() < wakeAt) {
        try {
          Thread.sleep(Math.min(100, Math.max(1, (wakeAt - System.nanoTime()) / 1_000_000)));
        } catch (InterruptedException e) {
          return;
        }
      }
      if (!running) {
        return;
      }
      try {
        checkOnce();
      } catch (RuntimeException e) {
        log.warn("{}: cannot read the model registry: {}", modelName, e.toString());
      }
    }
  }

  /** Swaps in the registry's version for this role if it is new and passes every check. */
  public synchronized void checkOnce() {
    Optional<ModelVersion> wanted =
        shadow ? registry.shadow(modelName) : registry.production(modelName);
    ModelRef serving = holder.current();
    if (wanted.isEmpty()) {
      if (shadow && serving != null) {
        holder.swap(null, null);
        log.info("{}: shadow version {} stopped", modelName, serving.getVersion());
      }
      return;
    }
    ModelVersion version = wanted.get();
    if ((serving != null && version.getVersion() == serving.getVersion())
        || rejected.containsKey(version.getVersion())) {
      return;
    }
    try {
      M next = open(store, check, loader, version);
      holder.swap(next, ref(version));
      remember(version);
      swaps.increment();
      log.info(
          "{}: now {} version {}",
          modelName,
          shadow ? "shadowing with" : "serving",
          version.getVersion());
    } catch (RuntimeException e) {
      rejected.put(version.getVersion(), e.getMessage());
      rejections.increment();
      log.error(
          "{}: {} version {} rejected, {} keeps serving: {}",
          modelName,
          role(),
          version.getVersion(),
          serving == null ? "nothing" : "version " + serving.getVersion(),
          e.getMessage());
    }
  }

  private void remember(ModelVersion version) {
    if (!shadow) {
      served.addLast(version);
      while (served.size() > 8) {
        served.removeFirst();
      }
    }
  }

  /**
   * Takes {@code failing} out of service after its breaker tripped: swaps in the latest version
   * served before it that ever worked, and refuses {@code failing} from then on (the registry may
   * still call it production; this instance stays on the fallback until a newer version comes).
   * With no such version the failing one keeps serving, and says so.
   */
  private synchronized void demote(ModelRef failing, RuntimeException cause) {
    ModelRef serving = holder.current();
    if (serving == null || serving.getVersion() != failing.getVersion()) {
      return; // already replaced
    }
    String reason =
        breaker.maxFailuresInARow()
            + " inferences in a row failed, the last with: "
            + cause.getMessage();
    ModelVersion fallback = null;
    for (java.util.Iterator<ModelVersion> it = served.descendingIterator(); it.hasNext(); ) {
      ModelVersion candidate = it.next();
      if (candidate.getVersion() != failing.getVersion()
          && breaker.proven(candidate.getVersion())
          && !rejected.containsKey(candidate.getVersion())) {
        fallback = candidate;
        break;
      }
    }
    if (fallback == null) {
      demoted.put(failing.getVersion(), reason + " (no earlier working version to fall back to)");
      log.error(
          "{}: version {} is failing and no earlier version worked here; it keeps serving: {}",
          modelName,
          failing.getVersion(),
          reason);
      return;
    }
    try {
      M previous = open(store, check, loader, fallback);
      holder.swap(previous, ref(fallback));
    } catch (RuntimeException e) {
      demoted.put(failing.getVersion(), reason + " (fallback failed: " + e.getMessage() + ")");
      log.error("{}: cannot fall back to version {}: {}", modelName, fallback.getVersion(), e);
      return;
    }
    rejected.put(failing.getVersion(), "demoted: " + reason);
    demoted.put(failing.getVersion(), reason + "; now serving version " + fallback.getVersion());
    remember(fallback);
    demotions.increment();
    log.error(
        "{}: version {} demoted, version {} serves again: {}",
        modelName,
        failing.getVersion(),
        fallback.getVersion(),
        reason);
  }

  /** The production holder's outcomes, counted by the breaker. */
  private final class Breaking implements ModelHolder.Outcomes {
    @Override
    public void succeeded(ModelRef ref) {
      breaker.succeeded(ref);
    }

    @Override
    public void failed(ModelRef ref, RuntimeException cause) {
      if (breaker.failed(ref)) {
        demote(ref, cause);
      }
    }
  }

  /** Fetches (SHA-256 checked), checks the signature, opens and warms up one version. */
  private static <M> M open(
      ArtifactStore store, SignatureCheck check, Loader<M> loader, ModelVersion version) {
    byte[] onnx = store.fetch(version.getArtifactUri().toString(), version.getSha256().toString());
    check.verify(version, ModelSignature.of(onnx));
    try {
      return loader.load(onnx, version);
    } catch (Exception e) {
      throw new IllegalStateException(
          version.getModelName()
              + " version "
              + version.getVersion()
              + " does not load: "
              + e.getMessage(),
          e);
    }
  }

  private static ModelRef ref(ModelVersion version) {
    return new ModelRef(version.getModelName().toString(), version.getVersion());
  }

  /** Stops following (a registry read in progress finishes first), then closes the model. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(Duration.ofSeconds(70).toMillis()); // a registry read gives up after 60 s
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    holder.close();
  }
}
