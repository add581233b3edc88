package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.models.artifact.ClasspathArtifacts;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.recognizer.inference.OnnxRecognizerModel;
import io.platestream.testing.EmbeddedPlatformExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code platestream train rec} end to end: a synthetic dataset, a short fine-tune from the
 * registry's production recognizer, the file and its metrics log written, the version published as
 * a candidate with its parent, metrics and training settings, and the gate's verdict.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class TrainCommandTest {

  @Test
  void aRunThatNeverBeatsItsStartingModelReturnsItAndPublishesNothing(
      EmbeddedPlatform platform, @TempDir Path dir) throws Exception {
    FontsAvailableAccess.require();
    Path data = dir.resolve("data");
    run("dataset", "synth", "--out", data.toString(), "--count", "12", "--seed", "21");
    Path out = dir.resolve("out");

    String[] kafka = {
      "--bootstrap-servers", platform.bootstrapServers(),
      "--schema-registry", platform.schemaRegistryUrl()
    };
    String versionsBefore = run(concat(new String[] {"models", "list"}, kafka));
    // A second synthetic set stands in for the real photographs here (CI has none).
    Path real = dir.resolve("real");
    run("dataset", "synth", "--out", real.toString(), "--count", "6", "--seed", "22");

    String console =
        run(
            "train",
            "rec",
            "--data",
            data.toString(),
            "--epochs",
            "1",
            "--batch",
            "8",
            "--out",
            out.toString(),
            "--real-crops",
            real.toString(),
            "--real-crop-labels",
            "rec_labels.txt",
            "--real-photos",
            real.toString(),
            "--publish",
            "--bootstrap-servers",
            platform.bootstrapServers(),
            "--schema-registry",
            platform.schemaRegistryUrl());

    // On these 3 validation crops the pretrained model is already exact: nothing can beat it.
    assertThat(console)
        .contains("validating on 3 from v1; before: accuracy 1.0000")
        .containsPattern(
            "before: accuracy .* real_crops_accuracy [0-9.]+  real_photos_plates_f [0-9.]+ "
                + " real_photos_recall [0-9.]+")
        .contains("best at step 0: accuracy 1.0000")
        .contains("no checkpoint beat the starting model on accuracy")
        .contains("so nothing is published")
        .doesNotContain("published plate-recognizer");
    assertThat(Files.readAllBytes(out.resolve("rec.onnx")))
        .isEqualTo(ClasspathArtifacts.read(OnnxRecognizerModel.PRETRAINED_V4));
    // The log opens with the starting model's validation, then a line per step.
    List<String> log = Files.readAllLines(out.resolve("metrics.jsonl"));
    assertThat(log.get(0)).contains("\"step\":0").contains("\"validation\"");
    assertThat(log).anySatisfy(line -> assertThat(line).contains("\"loss\""));
    assertThat(run(concat(new String[] {"models", "list"}, kafka)))
        .as("no version was published")
        .isEqualTo(versionsBefore);
  }

  @Test
  void theDetectorFineTunesOnDetectionLabelsAndIsScoredAsTheStageRunsIt(@TempDir Path dir)
      throws Exception {
    FontsAvailableAccess.require();
    Path data = dir.resolve("data");
    run(
        "dataset",
        "synth",
        "--out",
        data.toString(),
        "--count",
        "6",
        "--seed",
        "5",
        "--width",
        "640",
        "--height",
        "360");
    Path out = dir.resolve("out");

    String console =
        run(
            "train",
            "det",
            "--data",
            data.toString(),
            "--epochs",
            "1",
            "--batch",
            "2",
            "--out",
            out.toString());

    assertThat(console)
        .containsPattern(
            "training on 4 images, validating on 2 from v1; before: hmean [0-9.]+  precision")
        .containsPattern("after \\d+ s, best at step \\d: hmean [0-9.]+")
        .containsPattern("step \\[#+\\] 2/2  loss [0-9.]+");
    assertThat(Files.size(out.resolve("det.onnx"))).isGreaterThan(4_000_000);
    // The kept best checkpoint is the model written, and the run's state is there to resume.
    assertThat(out.resolve("best.onnx")).hasSameBinaryContentAs(out.resolve("det.onnx"));
    assertThat(Files.readString(out.resolve("best.json"))).contains("\"hmean\"");
    assertThat(out.resolve("checkpoint")).isDirectory();
    java.awt.image.BufferedImage chart =
        javax.imageio.ImageIO.read(out.resolve("metrics.png").toFile());
    assertThat(chart.getWidth()).isEqualTo(800);
    assertThat(chart.getHeight()).isEqualTo(400);
  }

  @Test
  void theVerifierIsFittedOnScenesAndTrainCropsAndNeverOnAValidationSet(@TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("scenes");
    run("dataset", "synth", "--out", data.toString(), "--count", "8", "--seed", "31");
    Path crops = Path.of("..", "datasets", "real", "plate-crops");
    Path out = dir.resolve("verifier");

    String printed =
        run(
            "train",
            "verifier",
            "--data",
            data.toString(),
            "--plate-crops",
            crops.toString(),
            "--out",
            out.toString());

    assertThat(printed)
        .containsPattern("\\d+ boxes on scenes \\(\\d+ plates, \\d+ other\\), 493 real plate crops")
        .contains("passes 0.990 of the plates");
    Path file = out.resolve("plate-verifier.properties");
    assertThat(io.platestream.detector.inference.PlateVerifier.named(file.toString()).source())
        .contains("plate-crops/train.txt");
    assertThat(
            runFailing(
                "train",
                "verifier",
                "--data",
                data.toString(),
                "--plate-crops",
                crops.toString(),
                "--plate-crop-labels",
                "validation.txt",
                "--out",
                out.toString()))
        .contains("--plate-crop-labels validation.txt is a validation split: never train on it");
  }

  @Test
  void resumingWithOtherSettingsThanTheCheckpointsRunIsRefusedWithTheReason(@TempDir Path dir)
      throws Exception {
    FontsAvailableAccess.require();
    Path data = dir.resolve("data");
    run("dataset", "synth", "--out", data.toString(), "--count", "4", "--seed", "9");
    Path out = dir.resolve("out");
    run(trainRec(data, out, "--epochs", "1"));

    String error = runFailing(trainRec(data, out, "--epochs", "3", "--resume"));

    assertThat(error).containsPattern("is of a run of \\d+ steps, this one would make \\d+");
  }

  @Test
  void anEarlierRunsBestFileIsAStartingPoint(@TempDir Path dir) throws Exception {
    FontsAvailableAccess.require();
    Path data = dir.resolve("data");
    run("dataset", "synth", "--out", data.toString(), "--count", "6", "--seed", "13");
    Path first = dir.resolve("first");
    run(trainRec(data, first, "--epochs", "1", "--lr", "1e-3"));
    com.fasterxml.jackson.databind.JsonNode kept =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(first.resolve("best.json").toFile())
            .get("metrics");
    Path file = first.resolve("rec.onnx");

    String console =
        run(trainRec(data, dir.resolve("second"), "--epochs", "1", "--from", file.toString()));

    // Same data, same validation split: the second run starts where the first one's best was.
    assertThat(console)
        .contains(
            String.format(
                java.util.Locale.ROOT,
                "from %s; before: accuracy %.4f  norm_edit_dis %.4f",
                file,
                kept.get("accuracy").asDouble(),
                kept.get("norm_edit_dis").asDouble()));
    assertThat(
            runFailing(
                trainRec(
                    data, dir.resolve("third"), "--from", dir.resolve("missing.onnx").toString())))
        .contains("missing.onnx: no such file");
  }

  @Test
  void theThresholdHeadIsRefusedForTheRecognizer(@TempDir Path dir) {
    assertThat(runFailing("train", "rec", "--data", dir.toString(), "--threshold-head"))
        .contains("--threshold-head is for the detector (train det)");
  }

  @Test
  void ccpdImagesTrainTheRecognizerFromTheLabelsInTheirNames(@TempDir Path dir) throws Exception {
    FontsAvailableAccess.require();
    Path synth = dir.resolve("synth");
    run("dataset", "synth", "--out", synth.toString(), "--count", "10", "--seed", "31");
    // The synthetic set writes its single-plate scenes again under CCPD names in ccpd/.
    Path ccpd = synth.resolve("ccpd");
    try (var images = Files.list(ccpd)) {
      assertThat(images.count()).as("CCPD images in the synthetic set").isPositive();
    }
    Path out = dir.resolve("out");

    String console =
        run(
            "train",
            "rec",
            "--data",
            ccpd.toString(),
            "--format",
            "ccpd",
            "--epochs",
            "1",
            "--batch",
            "2",
            "--validation",
            "0.5",
            "--out",
            out.toString());

    assertThat(console).containsPattern("training on [1-9]\\d* crops, validating on [1-9]");
    assertThat(out.resolve("rec.onnx")).exists();
    // Its other images are not CCPD-named: pointing --format ccpd at them says so.
    assertThat(runFailing("train", "rec", "--data", synth.toString(), "--format", "ccpd"))
        .contains("is not named as CCPD labels its images");
  }

  @Test
  void trainRecLearnsFromTheOperatorsLabelsSplitByCameraAndTime(
      EmbeddedPlatform platform, @TempDir Path dir) throws Exception {
    FontsAvailableAccess.require();
    Path data = dir.resolve("data");
    run("dataset", "synth", "--out", data.toString(), "--count", "8", "--seed", "41");
    // The "site": 12 labelled crops from one camera, three minutes apart.
    Path site = dir.resolve("site");
    run("dataset", "synth", "--out", site.toString(), "--count", "16", "--seed", "42");
    List<io.platestream.datasets.paddle.RecognitionLabel> crops =
        io.platestream.datasets.paddle.PaddleLabels.readRecognition(
                site.resolve("rec_labels.txt"), false)
            .labels();
    assertThat(crops).hasSizeGreaterThanOrEqualTo(12);
    List<io.platestream.schemas.PlateLabel> labels = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      labels.add(
          siteLabel(
              i,
              io.platestream.schemas.LabelVerdict.CORRECTED,
              crops.get(i).text(),
              Files.readAllBytes(site.resolve(crops.get(i).imagePath()))));
    }
    publishLabels(platform, labels);

    Path out = dir.resolve("out");
    String console =
        run(
            trainRec(
                data,
                out,
                "--epochs",
                "1",
                "--labels",
                "--bootstrap-servers",
                platform.bootstrapServers(),
                "--schema-registry",
                platform.schemaRegistryUrl()));

    // Validation is the latest fifth (3 of 12, from minute 27); training ends 10 minutes before.
    assertThat(console).containsPattern("site labels: \\d+ plates to learn from, 3 to judge by");
    assertThat(console).contains("3 left out within 10 minutes of those");
    assertThat(console).containsPattern("before: .*real_site_accuracy");
    // What picks the checkpoint is the site's own plates.
    assertThat(console)
        .containsPattern(
            "(best at step \\d+: .*real_site_accuracy|starting model on real_site_accuracy)");
    assertThat(
            io.platestream.datasets.paddle.PaddleLabels.readRecognition(
                    out.resolve("site-labels/validation/validation.txt"), false)
                .labels())
        .extracting(io.platestream.datasets.paddle.RecognitionLabel::text)
        .containsExactly(crops.get(9).text(), crops.get(10).text(), crops.get(11).text());
    assertThat(Files.readString(out.resolve("site-labels/train/rec_labels.txt")))
        .as("--data's crops are mixed in by absolute path")
        .contains(data.toAbsolutePath().toString());

    assertThat(runFailing("train", "rec", "--data", data.toString(), "--labels"))
        .contains("--labels reads platestream.labels: name the cluster");
  }

  @Test
  void trainVerifierLearnsTheSitesPlatesAndNotPlatesAndIsJudgedOnItsLatest(@TempDir Path dir)
      throws Exception {
    FontsAvailableAccess.require();
    Path data = dir.resolve("data");
    run("dataset", "synth", "--out", data.toString(), "--count", "8", "--seed", "51");
    Path site = dir.resolve("site");
    run("dataset", "synth", "--out", site.toString(), "--count", "12", "--seed", "52");
    List<io.platestream.datasets.paddle.RecognitionLabel> plates =
        io.platestream.datasets.paddle.PaddleLabels.readRecognition(
                site.resolve("rec_labels.txt"), false)
            .labels();
    List<io.platestream.datasets.paddle.DetectionLabel> scenes =
        io.platestream.datasets.paddle.PaddleLabels.readDetection(
                site.resolve("det_labels.txt"), false)
            .labels();
    assertThat(plates).hasSizeGreaterThanOrEqualTo(10);
    // One camera, a label every 3 minutes, plates and "not a plate" boxes (road and sky corners
    // of its scenes) in turn.
    List<io.platestream.schemas.PlateLabel> labels = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      boolean plate = i % 2 == 0;
      byte[] crop =
          plate
              ? Files.readAllBytes(site.resolve(plates.get(i / 2).imagePath()))
              : corner(site.resolve(scenes.get(i / 2).imagePath()), i);
      labels.add(
          siteLabel(
              i,
              plate
                  ? io.platestream.schemas.LabelVerdict.CONFIRMED
                  : io.platestream.schemas.LabelVerdict.NOT_A_PLATE,
              plate ? plates.get(i / 2).text() : null,
              crop));
    }
    Path out = dir.resolve("verifier");
    String console;
    // A broker of its own: the shared one's labels topic holds the other test's labels.
    try (EmbeddedPlatform platform = EmbeddedPlatform.start()) {
      publishLabels(platform, labels);
      console =
          run(
              "train",
              "verifier",
              "--data",
              data.toString(),
              "--labels",
              "--bootstrap-servers",
              platform.bootstrapServers(),
              "--schema-registry",
              platform.schemaRegistryUrl(),
              "--out",
              out.toString());
    }

    // The latest fifth (4 of 20, from minute 48) judges; training ends 10 minutes before it.
    assertThat(console)
        .contains(
            "site labels: 13 to learn from, 4 to judge by (the latest of each camera), 3 left"
                + " out within 10 minutes of those")
        .contains("13 site labels (7 plates, 6 not plates)")
        .containsPattern(
            "on the site's validation labels it passes \\d of 2 plates \\(.*\\) and \\d of 2"
                + " other boxes");
    assertThat(
            io.platestream.detector.inference.PlateVerifier.named(
                    out.resolve("plate-verifier.properties").toString())
                .source())
        .contains("and platestream.labels");
  }

  /** A corner of a scene, away from its plates, as a JPEG: a box that is not a plate. */
  private static byte[] corner(Path scene, int seed) throws Exception {
    java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(scene.toFile());
    int x = seed % 4 < 2 ? 0 : image.getWidth() - 150;
    java.awt.image.BufferedImage box = image.getSubimage(x, 0, 150, 48);
    java.awt.image.BufferedImage rgb =
        new java.awt.image.BufferedImage(150, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
    rgb.getGraphics().drawImage(box, 0, 0, null);
    java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(rgb, "jpg", jpeg);
    return jpeg.toByteArray();
  }

  /** One operator's label of camera site-cam, the i-th, three minutes after the one before. */
  static io.platestream.schemas.PlateLabel siteLabel(
      int i, io.platestream.schemas.LabelVerdict verdict, String text, byte[] crop) {
    return io.platestream.schemas.PlateLabel.newBuilder()
        .setEventId("site-cam/" + i)
        .setCameraId("site-cam")
        .setVerdict(verdict)
        .setText(text)
        .setReadText("?")
        .setCrop(java.nio.ByteBuffer.wrap(crop))
        .setFirstSeenMs(1_790_000_000_000L + i * 180_000L)
        .setDetector(new io.platestream.schemas.ModelRef("plate-detector", 1))
        .setRecognizer(new io.platestream.schemas.ModelRef("plate-recognizer", 1))
        .setReviewer("operator")
        .setReviewedMs(1_790_000_000_000L)
        .build();
  }

  static void publishLabels(
      EmbeddedPlatform platform, List<io.platestream.schemas.PlateLabel> labels) throws Exception {
    try (io.platestream.schemas.registry.SchemaRegistryClient registry =
            platform.newRegistryClient();
        org.apache.kafka.clients.producer.KafkaProducer<String, io.platestream.schemas.PlateLabel>
            producer =
                new org.apache.kafka.clients.producer.KafkaProducer<>(
                    io.platestream.platform.KafkaClients.reliableProducer(
                        platform.bootstrapServers()),
                    new org.apache.kafka.common.serialization.StringSerializer(),
                    new io.platestream.schemas.serde.AvroSerializer<>(registry))) {
      platform
          .kafka()
          .createTopics(
              1, Map.of("cleanup.policy", "compact"), io.platestream.schemas.Topics.LABELS);
      for (io.platestream.schemas.PlateLabel label : labels) {
        producer
            .send(
                new org.apache.kafka.clients.producer.ProducerRecord<>(
                    io.platestream.schemas.Topics.LABELS, label.getEventId().toString(), label))
            .get();
      }
    }
  }

  /**
   * {@code train rec} on {@code data} in batches of 4, writing to {@code out}, then {@code more}.
   */
  private static String[] trainRec(Path data, Path out, String... more) {
    List<String> arguments =
        new java.util.ArrayList<>(
            List.of(
                "train",
                "rec",
                "--data",
                data.toString(),
                "--batch",
                "4",
                "--out",
                out.toString()));
    arguments.addAll(List.of(more));
    return arguments.toArray(String[]::new);
  }

  private static String runFailing(String... arguments) {
    Outcome outcome = execute(arguments);
    assertThat(outcome.code()).as(outcome.out()).isNotZero();
    return outcome.err();
  }

  private static String run(String... arguments) {
    Outcome outcome = execute(arguments);
    assertThat(outcome.code()).as(outcome.err() + "\n" + outcome.out()).isZero();
    return outcome.out();
  }

  private record Outcome(int code, String out, String err) {}

  private static Outcome execute(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int code = command.execute(arguments);
    return new Outcome(code, out.toString(), err.toString());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
