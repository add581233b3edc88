package io.platestream.app;

import io.platestream.datasets.SyntheticDatasetWriter;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.SceneConfig;
import io.platestream.datasets.render.SceneRenderer;
import io.platestream.datasets.render.TrafficClip;
import io.platestream.datasets.render.TrafficClipRenderer;
import io.platestream.datasets.render.TrafficClipWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Makes synthetic data: labelled scenes for training and evaluation, and traffic clips. */
@Command(
    name = "dataset",
    description = "Generate synthetic plate scenes, crops and traffic clips.",
    subcommands = {DatasetCommand.Synth.class, DatasetCommand.Clip.class})
final class DatasetCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options shared by both generators. */
  static class SceneOptions {
    @Option(
        names = "--seed",
        description =
            "Random seed; the same seed gives the same bytes (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--width", description = "Frame width in pixels (default: ${DEFAULT-VALUE}).")
    int width = 1280;

    @Option(names = "--height", description = "Frame height in pixels (default: ${DEFAULT-VALUE}).")
    int height = 720;

    SceneRenderer renderer() {
      return new SceneRenderer(SceneConfig.defaults().withSize(width, height), PlateFonts.load());
    }
  }

  @Command(
      name = "synth",
      description = {
        "Write labelled synthetic street scenes with plates.",
        "Labels: PaddleOCR det/rec files, CCPD file names and scenes.jsonl."
      })
  static final class Synth implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--count", description = "Number of scenes (default: ${DEFAULT-VALUE}).")
    int count = 100;

    @picocli.CommandLine.Mixin SceneOptionsMixin options;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter console = spec.commandLine().getOut();
      if (count < 1) throw new IllegalArgumentException("--count must be at least 1, got " + count);
      SyntheticDatasetWriter.Summary summary =
          new SyntheticDatasetWriter(options.renderer()).write(out, count, options.seed);
      console.printf(
          "Wrote %d scenes with %d plates (%d readable crops, %d too small or blurred to read,"
              + " %d CCPD images, %d distractor texts) to %s%n",
          summary.scenes(),
          summary.plates(),
          summary.crops(),
          summary.unreadable(),
          summary.ccpdImages(),
          summary.distractors(),
          out.toAbsolutePath());
      return 0;
    }
  }

  @Command(
      name = "clip",
      description = {
        "Write a traffic clip (H.264 MP4) with its ground truth.",
        "The truth lists the plates of every frame and every vehicle pass."
      })
  static final class Clip implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Output .mp4 file.")
    Path out;

    @Option(names = "--passes", description = "Vehicles driving past (default: ${DEFAULT-VALUE}).")
    int passes = 6;

    @Option(names = "--fps", description = "Frames per second (default: ${DEFAULT-VALUE}).")
    int fps = 25;

    @picocli.CommandLine.Mixin SceneOptionsMixin options;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (!out.getFileName().toString().endsWith(".mp4"))
        throw new IllegalArgumentException("--out must name an .mp4 file, got " + out);
      TrafficClipRenderer renderer = new TrafficClipRenderer(options.renderer());
      TrafficClip clip = renderer.plan(options.seed, fps, passes);
      new TrafficClipWriter(renderer).write(clip, out);
      spec.commandLine()
          .getOut()
          .printf(
              "Wrote %s: %d frames at %d fps, %d vehicle passes, ground truth beside it%n",
              out.toAbsolutePath(), clip.frameCount(), fps, clip.passes().size());
      return 0;
    }
  }

  /** Picocli mixin carrying {@link SceneOptions}. */
  static final class SceneOptionsMixin extends SceneOptions {}
}
