package io.platestream.training.run;

import io.platestream.training.TrainingLoop;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training settings every model shares.
 *
 * @param evalEvery steps between validations and checkpoints; 0: once an epoch
 * @param size side of the detector's square training crops
 * @param thresholdHead train the detector's grafted threshold branch with the full DBLoss
 */
public record FineTuneSettings(
    int epochs,
    int batch,
    double learningRate,
    int workers,
    int evalEvery,
    int size,
    boolean augment,
    boolean thresholdHead) {

  public FineTuneSettings {
    if (epochs < 1 || batch < 1 || workers < 1 || evalEvery < 0) {
      throw new IllegalArgumentException(
          "--epochs, --batch and --workers must be at least 1, --eval-every at least 0");
    }
  }

  /**
   * The loop's settings: warm-up over half an epoch (none in a one-step run, which has no step
   * after it), the seed's L2 and clipping, a checkpoint every {@code evalEvery} steps or once an
   * epoch.
   */
  TrainingLoop.Settings settings(int samples) {
    int perEpoch = (samples + batch - 1) / batch;
    int warmup = Math.min(Math.max(1, perEpoch / 2), epochs * perEpoch - 1);
    return new TrainingLoop.Settings(
        epochs,
        batch,
        learningRate,
        warmup,
        1e-5,
        5,
        1,
        workers,
        evalEvery > 0 ? evalEvery : perEpoch);
  }

  Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("epochs", Integer.toString(epochs));
    map.put("batch", Integer.toString(batch));
    map.put("lr", Double.toString(learningRate));
    return map;
  }
}
