package io.platestream.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.platestream.training.optim.Adam;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where a training run stands after some steps, enough to continue it exactly: the step reached,
 * the weights, and Adam's moments and update count. Saved as a folder: {@code state.properties}
 * (step, total, names in order) and two DJL array files; written to a temporary folder first and
 * moved into place, so a crash mid-save leaves the previous checkpoint (or its {@code .old} copy)
 * whole.
 */
public final class TrainingState implements AutoCloseable {
  private final int step;
  private final int totalSteps;
  private final int adamSteps;
  private final Map<String, NDArray> weights;
  private final Map<String, NDArray[]> moments;
  private final NDManager owned;

  private TrainingState(
      int step,
      int totalSteps,
      int adamSteps,
      Map<String, NDArray> weights,
      Map<String, NDArray[]> moments,
      NDManager owned) {
    this.step = step;
    this.totalSteps = totalSteps;
    this.adamSteps = adamSteps;
    this.weights = weights;
    this.moments = moments;
    this.owned = owned;
  }

  /** A view of a live run (no copies: save it before the next step). */
  static TrainingState of(int step, int totalSteps, Map<String, NDArray> weights, Adam adam) {
    return new TrainingState(step, totalSteps, adam.steps(), weights, adam.moments(), null);
  }

  /** Steps done. */
  public int step() {
    return step;
  }

  /** Steps the run was planned for. */
  public int totalSteps() {
    return totalSteps;
  }

  /** Copies the saved weights and moments into a run's; returns the step to go on from. */
  int restoreInto(Map<String, NDArray> target, Adam adam) {
    if (!target.keySet().equals(weights.keySet())) {
      throw new IllegalArgumentException(
          "the checkpoint is of other parameters ("
              + weights.size()
              + " saved, "
              + target.size()
              + " in the model): was it made from another model or with other frozen layers?");
    }
    weights.forEach(
        (name, saved) -> {
          NDArray live = target.get(name);
          if (!live.getShape().equals(saved.getShape())) {
            throw new IllegalArgumentException(
                "checkpoint parameter "
                    + name
                    + " is "
                    + saved.getShape()
                    + ", the model's is "
                    + live.getShape());
          }
          live.set(saved.toFloatArray());
        });
    adam.restore(adamSteps, moments, target);
    return step;
  }

  /** Writes the state into {@code dir}, replacing what was there only once the new one is whole. */
  public void save(Path dir) {
    try {
      Path parent = dir.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      List<String> names = new ArrayList<>(weights.keySet());
      names.stream()
          .filter(n -> n.contains(","))
          .findAny()
          .ifPresent(
              n -> {
                throw new IllegalArgumentException("parameter name with a comma: " + n);
              });
      // Checked before the temporary folder exists, so a refused save leaves nothing behind.
      Path temp = Files.createTempDirectory(parent, dir.getFileName() + ".saving");
      List<String> moved = names.stream().filter(moments::containsKey).toList();
      Properties properties = new Properties();
      properties.setProperty("step", Integer.toString(step));
      properties.setProperty("total_steps", Integer.toString(totalSteps));
      properties.setProperty("adam_steps", Integer.toString(adamSteps));
      properties.setProperty("weights", String.join(",", names));
      properties.setProperty("moments", String.join(",", moved));
      try (OutputStream out = Files.newOutputStream(temp.resolve("state.properties"))) {
        properties.store(out, "platestream training checkpoint");
      }
      NDList weightList = new NDList();
      names.forEach(n -> weightList.add(weights.get(n)));
      NDList momentList = new NDList();
      moved.forEach(
          n -> {
            momentList.add(moments.get(n)[0]);
            momentList.add(moments.get(n)[1]);
          });
      try (OutputStream out = Files.newOutputStream(temp.resolve("weights.ndlist"))) {
        weightList.encode(out);
      }
      try (OutputStream out = Files.newOutputStream(temp.resolve("moments.ndlist"))) {
        momentList.encode(out);
      }
      // Set the old one aside before the new one takes its name, then drop it.
      Path old = parent.resolve(dir.getFileName() + ".old");
      deleteTree(old);
      if (Files.exists(dir)) {
        Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(old);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the checkpoint to " + dir, e);
    }
  }

  /** Reads a state {@link #save} wrote; its arrays live in a manager the state closes. */
  public static TrainingState load(Path dir) {
    Path file = dir.resolve("state.properties");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no checkpoint in " + dir + " (no state.properties)");
    }
    NDManager manager = NDManager.newBaseManager();
    try {
      Properties properties = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        properties.load(in);
      }
      List<String> names = split(properties.getProperty("weights", ""));
      List<String> moved = split(properties.getProperty("moments", ""));
      NDList weightList;
      NDList momentList;
      try (InputStream in = Files.newInputStream(dir.resolve("weights.ndlist"))) {
        weightList = NDList.decode(manager, in);
      }
      try (InputStream in = Files.newInputStream(dir.resolve("moments.ndlist"))) {
        momentList = NDList.decode(manager, in);
      }
      if (weightList.size() != names.size() || momentList.size() != 2 * moved.size()) {
        throw new IllegalArgumentException(
            "checkpoint in " + dir + " is damaged: array counts do not match state.properties");
      }
      Map<String, NDArray> weights = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        weights.put(names.get(i), weightList.get(i));
      }
      Map<String, NDArray[]> moments = new LinkedHashMap<>();
      for (int i = 0; i < moved.size(); i++) {
        moments.put(moved.get(i), new NDArray[] {momentList.get(2 * i), momentList.get(2 * i + 1)});
      }
      return new TrainingState(
          integer(properties, "step", dir),
          integer(properties, "total_steps", dir),
          integer(properties, "adam_steps", dir),
          weights,
          moments,
          manager);
    } catch (IOException | RuntimeException e) {
      manager.close();
      if (e instanceof IllegalArgumentException bad) {
        throw bad;
      }
      throw new IllegalArgumentException("cannot read the checkpoint in " + dir + ": " + e, e);
    }
  }

  private static int integer(Properties properties, String key, Path dir) {
    String value = properties.getProperty(key);
    if (value == null || !value.matches("\\d+")) {
      throw new IllegalArgumentException("checkpoint in " + dir + " has no valid " + key);
    }
    return Integer.parseInt(value);
  }

  private static List<String> split(String names) {
    return names.isEmpty() ? List.of() : Arrays.asList(names.split(","));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Override
  public void close() {
    if (owned != null) {
      owned.close();
    }
  }
}
