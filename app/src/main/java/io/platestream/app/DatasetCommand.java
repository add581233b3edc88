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
    description = "Generate synthetic plate scenes and clips; export labels.",
    subcommands = {
      DatasetCommand.Synth.class,
      DatasetCommand.Clip.class,
      DatasetCommand.Export.class
    })
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

  @Command(
      name = "export",
      description = {
        "Write the operators' labels as a PaddleOCR or CCPD dataset.",
        "Reads platestream.labels (the latest verdict of each event): confirmed and",
        "corrected plates as crops with their text, 'not a plate' crops under negatives/,",
        "and labels.tsv with every verdict, camera and time for a split by camera and time."
      })
  static final class Export implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(
        names = "--format",
        description = "paddle (rec/ and rec_labels.txt) or ccpd (default: ${DEFAULT-VALUE}).")
    String format = "paddle";

    @picocli.CommandLine.Mixin KafkaOptions kafka;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      java.io.PrintWriter console = spec.commandLine().getOut();
      if (kafka.bootstrapServers == null) {
        throw new IllegalArgumentException(
            "labels live on a cluster's platestream.labels: name it with --bootstrap-servers"
                + " and --schema-registry");
      }
      kafka.connect(console);
      try (io.platestream.schemas.registry.SchemaRegistryClient registry = kafka.registryClient()) {
        kafka.ensureTopics(io.platestream.schemas.Topics.LABELS);
        var labels =
            io.platestream.pipeline.LabelExport.read(
                kafka.bootstrapServers, registry, io.platestream.schemas.Topics.LABELS);
        var written = io.platestream.pipeline.LabelExport.write(labels, out, format);
        console.printf(
            "Wrote %s: %d labelled plates, %d not-a-plate crops, %d unreadable (listed only),"
                + " %d plates CCPD cannot spell; every verdict in labels.tsv%n",
            out.toAbsolutePath(),
            written.plates(),
            written.negatives(),
            written.unreadable(),
            written.skipped());
        return 0;
      }
    }
  }

  /** Picocli mixin carrying {@link SceneOptions}. */
  static final class SceneOptionsMixin extends SceneOptions {}
}
