package io.platestream.bench.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.platestream.training.graph.OnnxGraph;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * What the training graph costs: one forward pass against ONNX Runtime's on the same file and input
 * (the interpreter's overhead), and a full training step (forward, backward through every node, an
 * update of every weight) in images per second.
 */
public final class TrainingBenchmark {
  /** Milliseconds per call of each variant in one round. */
  public record Round(int round, double onnxRuntimeMs, double graphForwardMs, double trainStepMs) {}

  private TrainingBenchmark() {}

  /**
   * @param shape the input, e.g. [8, 3, 48, 320] for the recognizer; the step minimises the mean
   *     square of the first output (the cost is what is measured, not what is learnt)
   */
  public static List<Round> run(byte[] onnx, long[] shape, int rounds, Consumer<String> progress)
      throws OrtException {
    float[] input = new float[(int) new Shape(shape).size()];
    Random random = new Random(1);
    for (int i = 0; i < input.length; i++) {
      input[i] = random.nextFloat() * 2 - 1;
    }
    List<Round> results = new ArrayList<>();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
        OnnxGraph graph = OnnxGraph.load(onnx, NDManager.newBaseManager())) {
      String inputName = graph.inputNames().get(0);
      String output = graph.outputNames().get(0);
      graph.parameters().values().forEach(w -> w.setRequiresGradient(true));
      for (int round = -1; round < rounds; round++) { // round -1 warms up both
        long t0 = System.nanoTime();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
            OrtSession.Result result =
                session.run(Map.of(session.getInputNames().iterator().next(), tensor))) {
          result.get(0);
        }
        long t1 = System.nanoTime();
        try (NDManager scope = NDManager.newBaseManager()) {
          graph
              .forward(Map.of(inputName, scope.create(input, new Shape(shape))), List.of(output))
              .get(output)
              .toFloatArray();
        }
        long t2 = System.nanoTime();
        try (NDManager scope = NDManager.newBaseManager()) {
          try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out =
                graph
                    .forward(
                        Map.of(inputName, scope.create(input, new Shape(shape))), List.of(output))
                    .get(output);
            collector.backward(out.square().mean());
          }
          for (NDArray w : graph.parameters().values()) {
            w.subi(
                w.getGradient()
                    .mul(1e-6)); // the update's cost; the gradients' values do not matter
            w.getGradient().muli(0);
          }
        }
        long t3 = System.nanoTime();
        if (round >= 0) {
          Round r = new Round(round, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
          results.add(r);
          progress.accept(
              String.format(
                  "round %d: ONNX Runtime %.0f ms, graph forward %.0f ms, training step %.0f ms",
                  round, r.onnxRuntimeMs(), r.graphForwardMs(), r.trainStepMs()));
        }
      }
    }
    return results;
  }
}
