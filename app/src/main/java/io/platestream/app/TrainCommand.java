package io.platestream.app;

import io.platestream.detector.inference.ExecutionProvider;
import io.platestream.detector.inference.OnnxDetectorModel;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.detector.inference.PlateVerifier;
import io.platestream.pipeline.LabelExport;
import io.platestream.pipeline.LabelSplit;
import io.platestream.pipeline.OpenModels;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.ModelVersion;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.training.TrainingState;
import io.platestream.training.data.LabelledData;
import io.platestream.training.eval.RealMetrics;
import io.platestream.training.eval.RealValidation;
import io.platestream.training.publish.CandidatePublisher;
import io.platestream.training.publish.QualityGate;
import io.platestream.training.run.DetFineTune;
import io.platestream.training.run.FineTune;
import io.platestream.training.run.FineTuneRun;
import io.platestream.training.run.FineTuneSettings;
import io.platestream.training.run.RecFineTune;
import io.platestream.training.verifier.LogisticFit;
import io.platestream.training.verifier.SiteJudgement;
import io.platestream.training.verifier.VerifierExamples;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Fine-tunes a model on labelled plates, scores it against the version it started from on a
 * held-out split, and with {@code --publish} registers it as a candidate that is promoted only
 * through the quality gate.
 */
@Command(
    name = "train",
    description = {
      "Fine-tune the detector or recognizer on labelled plates.",
      "Reads PaddleOCR or CCPD labels, starts from the registry's version, validates as it",
      "goes and keeps the best checkpoint. With --publish it registers a candidate and",
      "promotes it only if it beats production on the held-out split."
    })
final class TrainCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      description =
          "det or rec (fine-tune a model), or verifier (fit the detector's plate verifier on"
              + " --data scenes and --plate-crops)")
  String what;

  @Option(
      names = "--data",
      required = true,
      description =
          "Dataset folder: det_labels.txt / rec_labels.txt (as 'dataset synth' writes) or, with"
              + " --format ccpd, CCPD-named .jpg images.")
  Path data;

  @Option(
      names = "--format",
      description =
          "Label format: paddle (det_labels.txt / rec_labels.txt) or ccpd (labels in the names of"
              + " the .jpg files under --data) (default: ${DEFAULT-VALUE}).")
  String format = "paddle";

  @Option(
      names = "--from",
      description =
          "Start from: production, pretrained, vN or an .onnx file such as an earlier run's"
              + " best.onnx (default: ${DEFAULT-VALUE}).")
  String from = "production";

  @Option(names = "--epochs", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs = 4;

  @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch = 8;

  @Option(names = "--lr", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate = 2e-4;

  @Option(
      names = "--validation",
      description = "Share held out for validation (default: ${DEFAULT-VALUE}).")
  double validation = 0.25;

  @Option(
      names = "--eval-every",
      description =
          "Steps between validations and checkpoints; 0: once an epoch (default: ${DEFAULT-VALUE}).")
  int evalEvery = 0;

  @Option(
      names = "--workers",
      description = "Threads loading and augmenting batches (default: ${DEFAULT-VALUE}).")
  int workers = 2;

  @Option(
      names = "--size",
      description = "Side of the detector's square training crops (default: ${DEFAULT-VALUE}).")
  int size = 640;

  @Option(
      names = "--augment",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Augment training images as the seed's configs do (default: ${DEFAULT-VALUE}).")
  boolean augment = true;

  @Option(
      names = "--threshold-head",
      description =
          "det: graft a threshold branch for training and train the full DBLoss (probability,"
              + " threshold and binary maps); the written model keeps the probability branch"
              + " alone.")
  boolean thresholdHead;

  @Option(
      names = "--real-crops",
      description =
          "A folder of real plate crops every version is also judged on (rec), such as"
              + " ../shared/data/real-plate-crops; never trained on.")
  Path realCrops;

  @Option(
      names = "--labels",
      description =
          "rec and verifier: also learn from the operators' labels on platestream.labels (needs"
              + " --bootstrap-servers): split by camera and time, the older ones learnt from,"
              + " each camera's latest fifth judged (rec: as real_site_accuracy, which may not"
              + " fall; verifier: plates and not-plates passed); see LabelSplit.")
  boolean siteLabels;

  @Option(
      names = "--labels-guard",
      description =
          "With --labels: training labels end this long (seconds or ISO-8601) before a camera's"
              + " first validating one, so the same car or light does not flatter the result"
              + " (default: ${DEFAULT-VALUE}).")
  String labelsGuard = "PT10M";

  @Option(
      names = "--real-crop-labels",
      description = "The label file of --real-crops (default: ${DEFAULT-VALUE}).")
  String realCropLabels = "validation.txt";

  @Option(
      names = "--plate-crops",
      description =
          "train verifier: a folder of real plate crops to learn from as plates, such as"
              + " ../shared/data/real-plate-crops (only --plate-crop-labels of it is read).")
  Path plateCrops;

  @Option(
      names = "--plate-crop-labels",
      description = "The label file of --plate-crops (default: ${DEFAULT-VALUE}).")
  String plateCropLabels = "train.txt";

  @Option(
      names = "--plate-recall",
      description =
          "train verifier: share of the training plates the verifier must pass (default:"
              + " ${DEFAULT-VALUE}).")
  double plateRecall = 0.99;

  @Option(
      names = "--real-photos",
      description =
          "A folder of real street photos with det_labels.txt every version is also judged on"
              + " (det and rec), such as ../shared/data/real-street-photos; never trained on.")
  Path realPhotos;

  @Option(
      names = "--real-tolerance",
      description =
          "How far a real_ metric may fall below the starting model's (checkpoints) or"
              + " production's (--publish) and the version still count (default:"
              + " ${DEFAULT-VALUE}).")
  double realTolerance = RealMetrics.DEFAULT_TOLERANCE;

  @Option(
      names = "--resume",
      description = "Continue the run whose checkpoint is in --out (same data and settings).")
  boolean resume;

  @Option(
      names = "--out",
      description = "Where the model, best checkpoint and metrics go (default: ${DEFAULT-VALUE}).")
  Path out = Path.of(".platestream", "train");

  @Option(
      names = "--shadow-first",
      description =
          "With --publish: a candidate the quality gate passes runs in shadow instead of being"
              + " promoted, for live traffic to judge first (platestream retrain does this).")
  boolean shadowFirst;

  @Option(
      names = "--publish",
      description = "Publish to the registry as a candidate, promote if it passes the gate.")
  boolean publish;

  @Option(
      names = "--margin",
      description =
          "Main-metric gain over production needed to promote (default: ${DEFAULT-VALUE}).")
  double margin = 0.01;

  @Option(
      names = "--tolerance",
      description = "Largest fall of any other metric (default: ${DEFAULT-VALUE}).")
  double tolerance = 0.02;

  @Mixin KafkaOptions kafka;

  @Mixin ModelOptions models;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    if (what.equals("verifier")) {
      return trainVerifier(console);
    }
    LabelledData.Format labels = LabelledData.Format.parse(format);
    FineTuneSettings settings =
        new FineTuneSettings(
            epochs, batch, learningRate, workers, evalEvery, size, augment, thresholdHead);
    if (from.endsWith(".onnx") && !Files.isRegularFile(Path.of(from))) {
      // Said before the data is read and a broker started, not after.
      throw new IllegalArgumentException("--from " + from + ": no such file");
    }
    if (shadowFirst && !publish) {
      throw new IllegalArgumentException("--shadow-first says how to publish: add --publish");
    }
    if (thresholdHead && !what.equals("det")) {
      throw new IllegalArgumentException("--threshold-head is for the detector (train det)");
    }
    RealValidation.Sets real = new RealValidation.Sets(realCrops, realCropLabels, realPhotos);
    Path trainingData = data;
    SiteLabels site = null;
    if (siteLabels) {
      site = siteLabels(console, labels);
      trainingData = site.mixed();
      real = real.withSite(site.validation());
    }
    FineTune fineTune =
        switch (what) {
          case "rec" -> new RecFineTune(trainingData, labels, validation, settings, real);
          case "det" -> new DetFineTune(trainingData, labels, validation, settings, real);
          default -> throw new IllegalArgumentException("train det or train rec, not " + what);
        };
    FineTuneRun run = new FineTuneRun(fineTune, out, realTolerance);
    // The registry holds the version to start from (an embedded one: the bundled version 1).
    try (TrainingState resumed = run.prepare(resume);
        EmbeddedPlatform embedded = kafka.connect(console);
        SchemaRegistryClient schemas = kafka.registryClient();
        OpenModels opened = models.open(kafka, schemas)) {
      Start start = start(opened, fineTune.modelName());
      Map<String, Double> before = fineTune.evaluate(start.onnx());
      console.printf(
          "%s from %s; before: %s%n",
          fineTune.describe(), start.label(), FineTuneRun.format(before));
      console.flush();
      FineTuneRun.Outcome outcome =
          run.run(start.onnx(), before, resumed, what + ".onnx", new ConsoleProgress(console));
      console.printf(
          Locale.ROOT,
          "after %.0f s, best at step %d: %s%n",
          outcome.seconds(),
          outcome.best().step(),
          FineTuneRun.format(outcome.best().metrics()));
      if (!outcome.improved()) {
        console.printf(
            "no checkpoint beat the starting model on %s: %s is the starting model%s%n",
            fineTune.mainMetric(),
            outcome.file().toAbsolutePath(),
            publish ? ", so nothing is published" : "");
        return 0;
      }
      console.printf(
          "model written to %s (the best checkpoint; log %s, chart metrics.png)%n",
          outcome.file().toAbsolutePath(), FineTuneRun.LOG);
      if (publish) {
        publish(
            console,
            opened,
            fineTune,
            start,
            before,
            outcome.model(),
            outcome.best().metrics(),
            site);
      }
    }
    return 0;
  }

  /** The operators' labels on platestream.labels, the latest of each event. */
  private java.util.Collection<io.platestream.schemas.PlateLabel> readSiteLabels()
      throws Exception {
    if (kafka.bootstrapServers == null || kafka.schemaRegistry == null) {
      throw new IllegalArgumentException(
          "--labels reads platestream.labels: name the cluster with --bootstrap-servers and"
              + " --schema-registry");
    }
    try (SchemaRegistryClient schemas = kafka.registryClient()) {
      return LabelExport.read(kafka.bootstrapServers, schemas, Topics.LABELS).values();
    }
  }

  /** Where the site's labels went: the training folder mixed with --data, and validation. */
  private record SiteLabels(Path mixed, Path validation, int trained, int validating) {}

  /**
   * Reads the operators' labels, splits them by camera and time, and writes the older ones mixed
   * with --data's crops (by absolute path) and the latest ones as a validation set under --out.
   */
  private SiteLabels siteLabels(PrintWriter console, LabelledData.Format labels) throws Exception {
    if (!what.equals("rec")) {
      throw new IllegalArgumentException(
          "--labels teaches the recognizer and the plate verifier: train rec|verifier --labels");
    }
    if (labels != LabelledData.Format.PADDLE) {
      throw new IllegalArgumentException("--labels mixes into PaddleOCR data: --format paddle");
    }
    java.time.Duration guard = guard();
    LabelSplit split = LabelSplit.of(readSiteLabels(), LabelSplit.PLATE_TEXT, guard);
    if (split.validation().isEmpty()) {
      throw new IllegalArgumentException(
          "--labels: no camera has "
              + LabelSplit.MIN_TO_VALIDATE
              + " labelled plates yet, so nothing could judge the result; label more first");
    }
    Path site = out.resolve("site-labels");
    Path mixed = site.resolve("train");
    int trained = LabelExport.writeRecognitionSet(split.train(), mixed, "rec_labels.txt");
    int validating =
        LabelExport.writeRecognitionSet(
            split.validation(), site.resolve("validation"), "validation.txt");
    // --data's own crops join the site's by absolute path, so nothing is copied.
    List<String> lines =
        new java.util.ArrayList<>(
            Files.readAllLines(mixed.resolve("rec_labels.txt"), StandardCharsets.UTF_8));
    for (var label :
        io.platestream.datasets.paddle.PaddleLabels.readRecognition(
                data.resolve("rec_labels.txt"), false)
            .labels()) {
      lines.add(data.resolve(label.imagePath()).toAbsolutePath() + "\t" + label.text());
    }
    Files.write(mixed.resolve("rec_labels.txt"), lines, StandardCharsets.UTF_8);
    console.printf(
        "site labels: %d plates to learn from, %d to judge by (the latest of each camera), %d"
            + " left out within %s of those; mixed with %d crops of --data%n",
        trained, validating, split.dropped(), describe(guard), lines.size() - trained);
    return new SiteLabels(mixed, site.resolve("validation"), trained, validating);
  }

  private java.time.Duration guard() {
    java.time.Duration guard;
    try {
      guard = RunOptions.parse(labelsGuard);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--labels-guard must be seconds or ISO-8601 like PT10M, got " + labelsGuard);
    }
    if (guard.isNegative()) {
      throw new IllegalArgumentException("--labels-guard may not be negative: " + labelsGuard);
    }
    return guard;
  }

  /** "10 minutes", "90 s": how the guard reads in the console. */
  private static String describe(java.time.Duration guard) {
    return guard.toSeconds() % 60 == 0 && guard.toMinutes() > 0
        ? guard.toMinutes() + " minutes"
        : guard.toSeconds() + " s";
  }

  /**
   * Fits the plate verifier on the boxes the pretrained detector finds in --data's scenes and on
   * --plate-crops, and writes it to --out; judging it is eval's job, on data it never saw.
   */
  private int trainVerifier(PrintWriter console) throws Exception {
    if (realCrops != null || realPhotos != null) {
      throw new IllegalArgumentException(
          "train verifier learns from --data and --plate-crops; --real-crops and --real-photos"
              + " are validation sets and are never trained on");
    }
    if (plateCrops != null && plateCropLabels.startsWith("validation")) {
      throw new IllegalArgumentException(
          "--plate-crop-labels " + plateCropLabels + " is a validation split: never train on it");
    }
    VerifierExamples examples = new VerifierExamples();
    try (OnnxDetectorModel model = OnnxDetectorModel.pretrained(ExecutionProvider.CPU, 0)) {
      // The boxes the verifier will see: the detector's, before any verifier.
      PlateDetector detector = PlateDetector.withVerifier(model, PlateVerifier.acceptAll());
      examples.addScenes(
          data,
          detector,
          line -> {
            console.println("  " + line);
            console.flush();
          });
    }
    if (plateCrops != null) {
      examples.addPlateCrops(plateCrops, plateCropLabels);
    }
    LabelSplit site = null;
    if (siteLabels) {
      java.time.Duration guard = guard();
      site = LabelSplit.of(readSiteLabels(), LabelSplit.EVERY_VERDICT, guard);
      examples.addLabels(site.train());
      console.printf(
          "site labels: %d to learn from, %d to judge by (the latest of each camera), %d left"
              + " out within %s of those%n",
          site.train().size(), site.validation().size(), site.dropped(), describe(guard));
    }
    String source =
        "fitted by 'platestream train verifier' on "
            + examples.describe()
            + " from "
            + data.getFileName()
            + (plateCrops == null ? "" : " and " + plateCrops.getFileName() + "/" + plateCropLabels)
            + (siteLabels ? " and platestream.labels" : "")
            + ", plate recall "
            + plateRecall;
    LogisticFit.Result fit = LogisticFit.fit(examples.all(), plateRecall, source);
    Files.createDirectories(out);
    Path file = out.resolve("plate-verifier.properties");
    fit.verifier().write(file);
    console.printf(
        Locale.ROOT,
        "%s%non these examples it passes %.3f of the plates and %.3f of the other boxes;"
            + " written to %s%n",
        examples.describe(),
        fit.plateRecall(),
        fit.otherPassRate(),
        file.toAbsolutePath());
    if (site != null) {
      console.println(SiteJudgement.of(fit.verifier(), site.validation()).describe());
    }
    return 0;
  }

  /** A run's steps on the console's progress bar, its validations above it. */
  private static final class ConsoleProgress implements FineTuneRun.Listener {
    private final PrintWriter console;
    private ProgressBar bar;

    ConsoleProgress(PrintWriter console) {
      this.console = console;
    }

    @Override
    public void started(int totalSteps) {
      bar = new ProgressBar(console, System.console() != null, totalSteps, 10);
    }

    @Override
    public void step(int step, double loss, double rate) {
      bar.update(step, loss, rate);
    }

    @Override
    public void say(String line) {
      if (bar == null) {
        console.println(line);
        console.flush();
      } else {
        bar.say(line);
      }
    }
  }

  private void publish(
      PrintWriter console,
      OpenModels opened,
      FineTune run,
      Start start,
      Map<String, Double> before,
      byte[] trained,
      Map<String, Double> after,
      SiteLabels site) {
    ModelVersion production = opened.registry().production(run.modelName()).orElseThrow();
    ModelVersion base = start.parent();
    Map<String, Double> productionMetrics =
        start.isVersion() && production.getVersion() == base.getVersion()
            ? before
            : run.evaluate(
                opened.store().fetch(production.getArtifactUri(), production.getSha256()));
    Map<String, String> settings = new LinkedHashMap<>(run.settings());
    settings.put("data", data.toAbsolutePath().toString());
    settings.put("from", start.label());
    if (site != null) {
      // The model card says how much of the site it learnt from and was judged on.
      settings.put("site_labels_trained", Integer.toString(site.trained()));
      settings.put("site_labels_validating", Integer.toString(site.validating()));
    }
    CandidatePublisher.Published published =
        new CandidatePublisher(
                opened.catalog(),
                new QualityGate(run.mainMetric(), margin, tolerance, realTolerance)
                    .withSamples(run.samples()))
            .publish(
                trained,
                base,
                after,
                settings,
                productionMetrics,
                "fine-tuned by platestream train " + what,
                shadowFirst);
    ModelVersion candidate = published.candidate();
    console.printf(
        "published %s v%d as a candidate (parent v%d)%n",
        candidate.getModelName(), candidate.getVersion(), base.getVersion());
    QualityGate.Verdict verdict = published.verdict();
    console.printf(
        !verdict.promote()
            ? "v%d stays a candidate: %s%n"
            : shadowFirst
                ? "v%d passed the quality gate and runs in shadow: %s%n"
                : "promoted v%d to production: %s%n",
        candidate.getVersion(),
        verdict.reason());
  }

  /**
   * Where a run starts: a registry version, or a file (an earlier run's {@code best.onnx}, say)
   * whose parent in the registry is the production version it is meant to replace.
   */
  record Start(String label, byte[] onnx, ModelVersion parent, boolean isVersion) {}

  private Start start(OpenModels opened, String name) {
    if (from.endsWith(".onnx")) {
      Path file = Path.of(from);
      ModelVersion production = opened.registry().production(name).orElseThrow();
      try {
        return new Start(file.toString(), Files.readAllBytes(file), production, false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read --from " + from, e);
      }
    }
    ModelVersion version = version(opened, name);
    byte[] onnx = opened.store().fetch(version.getArtifactUri(), version.getSha256());
    return new Start("v" + version.getVersion(), onnx, version, true);
  }

  private ModelVersion version(OpenModels opened, String name) {
    if (from.equals("production")) {
      return opened.registry().production(name).orElseThrow();
    }
    if (from.equals("pretrained")) {
      return opened.registry().version(name, 1).orElseThrow();
    }
    if (!from.matches("v\\d+")) {
      throw new IllegalArgumentException(
          "--from must be production, pretrained, vN or an .onnx file, got " + from);
    }
    int number = Integer.parseInt(from.substring(1));
    return opened
        .registry()
        .version(name, number)
        .orElseThrow(() -> new IllegalArgumentException(name + " has no version " + number));
  }
}
