package io.platestream.bench.recognizer;

import io.platestream.datasets.geometry.PerspectiveWarp;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.PlateInstance;
import io.platestream.datasets.render.Scene;
import io.platestream.datasets.render.SceneConfig;
import io.platestream.datasets.render.SceneRenderer;
import io.platestream.recognizer.inference.OnnxRecognizerModel;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The recognizer library against raw ONNX Runtime on the same synthetic plate crops. */
@Command(
    name = "recognizer",
    description = {
      "Recognizer library against raw ONNX Runtime on the same crops.",
      "Measures both padded and width-bucketed batches."
    })
public final class BenchRecognizerCommand implements Callable<Integer> {

  @Option(names = "--crops", description = "Synthetic plate crops (default: ${DEFAULT-VALUE}).")
  int cropCount = 64;

  @Option(names = "--rounds", description = "Timed rounds per variant (default: ${DEFAULT-VALUE}).")
  int rounds = 5;

  @Option(names = "--batch", split = ",", description = "Batch sizes (default: 1,16).")
  int[] batches = {1, 16};

  @Option(
      names = "--threads",
      description = "ONNX Runtime intra-op threads, 0 = its default (default: ${DEFAULT-VALUE}).")
  int threads = 0;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SceneRenderer renderer =
        new SceneRenderer(SceneConfig.defaults().withSize(960, 540), PlateFonts.load());
    List<BufferedImage> crops = new ArrayList<>();
    for (int seed = 2000; crops.size() < cropCount; seed++) {
      Scene scene = renderer.render(seed);
      for (PlateInstance plate : scene.plates()) {
        if (crops.size() < cropCount) {
          crops.add(PerspectiveWarp.rectify(scene.image(), plate.corners()));
        }
      }
    }
    try (OnnxRecognizerModel model = OnnxRecognizerModel.pretrained(threads)) {
      out.printf(
          "recognizer benchmark: %d synthetic plate crops, %d rounds, CPU, %d cores%n",
          crops.size(), rounds, Runtime.getRuntime().availableProcessors());
      List<RecognizerBenchmark.Result> results =
          RecognizerBenchmark.run(
              model,
              crops,
              batches,
              rounds,
              line -> {
                out.println("  " + line);
                out.flush();
              });
      out.println(
          "| variant | batch | crops/s median | range | p50 ms per call | p99 ms per call | / raw |");
      out.println("|---|---|---|---|---|---|---|");
      for (int i = 0; i < results.size(); i += 3) {
        RecognizerBenchmark.Result raw = results.get(i);
        for (int k = 0; k < 3; k++) {
          RecognizerBenchmark.Result r = results.get(i + k);
          out.printf(
              "| %s | %d | %.1f | %.1f-%.1f | %.1f | %.1f | %s |%n",
              r.variant(),
              r.batch(),
              r.medianCropsPerSecond(),
              r.minCropsPerSecond(),
              r.maxCropsPerSecond(),
              r.p50Millis(),
              r.p99Millis(),
              k == 0
                  ? ""
                  : String.format("%.2f", r.medianCropsPerSecond() / raw.medianCropsPerSecond()));
        }
      }
    }
    return 0;
  }
}
