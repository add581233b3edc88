package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.datasets.ccpd.CcpdNames;
import io.platestream.datasets.image.Images;
import io.platestream.datasets.paddle.DetectionLabel;
import io.platestream.datasets.paddle.PaddleLabels;
import io.platestream.datasets.paddle.RecognitionLabel;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.KafkaClients;
import io.platestream.schemas.LabelVerdict;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.PlateLabel;
import io.platestream.schemas.Point;
import io.platestream.schemas.Quad;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroSerializer;
import io.platestream.testing.EmbeddedPlatformExtension;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dataset export} writes the labels topic's latest verdicts as PaddleOCR and CCPD sets. */
@ExtendWith(EmbeddedPlatformExtension.class)
class DatasetExportCommandTest {

  @Test
  void labelsBecomePaddleAndCcpdDatasets(EmbeddedPlatform platform, @TempDir Path dir)
      throws Exception {
    byte[] crop = Images.jpeg(new BufferedImage(94, 24, BufferedImage.TYPE_INT_RGB), 90);
    byte[] snapshot = Images.jpeg(new BufferedImage(320, 180, BufferedImage.TYPE_INT_RGB), 90);
    try (SchemaRegistryClient registry = platform.newRegistryClient();
        KafkaProducer<String, PlateLabel> producer =
            new KafkaProducer<>(
                KafkaClients.reliableProducer(platform.bootstrapServers()),
                new StringSerializer(),
                new AvroSerializer<>(registry))) {
      platform.kafka().createTopics(1, Map.of("cleanup.policy", "compact"), Topics.LABELS);
      for (PlateLabel label :
          List.of(
              label("gate/1", LabelVerdict.CONFIRMED, "皖A12345", crop),
              // The reviewer also fixed gate/2's box on its snapshot.
              PlateLabel.newBuilder(label("gate/2", LabelVerdict.CORRECTED, "皖AD1234", crop))
                  .setSnapshot(ByteBuffer.wrap(snapshot))
                  .setBox(
                      new Quad(
                          new Point(10f, 20f),
                          new Point(110f, 20f),
                          new Point(110f, 50f),
                          new Point(10f, 50f)))
                  .build(),
              label("gate/3", LabelVerdict.NOT_A_PLATE, null, crop),
              label("gate/4", LabelVerdict.UNREADABLE, null, crop),
              // A later review of gate/1: the export keeps only this one.
              label("gate/1", LabelVerdict.CORRECTED, "皖A12346", crop))) {
        producer.send(new ProducerRecord<>(Topics.LABELS, label.getEventId(), label)).get();
      }
    }

    String console =
        run(
            "dataset",
            "export",
            "--out",
            dir.resolve("paddle").toString(),
            "--bootstrap-servers",
            platform.bootstrapServers(),
            "--schema-registry",
            platform.schemaRegistryUrl());
    assertThat(console).contains("2 labelled plates, 1 not-a-plate crops, 1 unreadable");
    List<RecognitionLabel> paddle =
        PaddleLabels.readRecognition(dir.resolve("paddle/rec_labels.txt"), false).labels();
    assertThat(paddle)
        .extracting(RecognitionLabel::text)
        .containsExactlyInAnyOrder("皖A12346", "皖AD1234");
    for (RecognitionLabel label : paddle) {
      assertThat(Files.readAllBytes(dir.resolve("paddle").resolve(label.imagePath())))
          .isEqualTo(crop);
    }
    try (Stream<Path> negatives = Files.list(dir.resolve("paddle/negatives"))) {
      assertThat(negatives).hasSize(1);
    }
    List<String> table =
        Files.readAllLines(dir.resolve("paddle/labels.tsv"), StandardCharsets.UTF_8);
    assertThat(table).hasSize(5).first().asString().startsWith("event_id\tcamera_id\tverdict");
    assertThat(table).anyMatch(row -> row.startsWith("gate/4\tgate\tUNREADABLE\t\t"));
    assertThat(table).anyMatch(row -> row.startsWith("gate/2\t") && row.endsWith("\t10,20,110,50"));
    List<DetectionLabel> boxes =
        PaddleLabels.readDetection(dir.resolve("paddle/det_labels.txt"), false).labels();
    assertThat(boxes).hasSize(1);
    assertThat(boxes.get(0).regions()).hasSize(1);
    assertThat(boxes.get(0).regions().get(0).transcription()).isEqualTo("皖AD1234");
    assertThat(boxes.get(0).regions().get(0).polygon())
        .isEqualTo(io.platestream.datasets.geometry.Polygon.rectangle(10, 20, 110, 50));
    assertThat(Files.readAllBytes(dir.resolve("paddle").resolve(boxes.get(0).imagePath())))
        .isEqualTo(snapshot);

    run(
        "dataset",
        "export",
        "--format",
        "ccpd",
        "--out",
        dir.resolve("ccpd").toString(),
        "--bootstrap-servers",
        platform.bootstrapServers(),
        "--schema-registry",
        platform.schemaRegistryUrl());
    try (Stream<Path> files = Files.list(dir.resolve("ccpd/ccpd"))) {
      List<String> plates =
          files
              .map(f -> f.getFileName().toString())
              .map(name -> CcpdNames.parse(name.substring(name.indexOf('-') + 1)).plate())
              .toList();
      assertThat(plates).containsExactlyInAnyOrder("皖A12346", "皖AD1234");
    }
  }

  @Test
  void withoutAClusterItSaysWhereLabelsLive(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setErr(new PrintWriter(err));
    assertThat(command.execute("dataset", "export", "--out", dir.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("name it with --bootstrap-servers");
  }

  private static PlateLabel label(String id, LabelVerdict verdict, String text, byte[] crop) {
    return PlateLabel.newBuilder()
        .setEventId(id)
        .setCameraId("gate")
        .setVerdict(verdict)
        .setText(text)
        .setReadText("皖A12845")
        .setCrop(ByteBuffer.wrap(crop))
        .setFirstSeenMs(1_790_000_000_000L)
        .setDetector(new ModelRef("plate-detector", 1))
        .setRecognizer(new ModelRef("plate-recognizer", 1))
        .setReviewer("operator")
        .setReviewedMs(1_790_000_100_000L)
        .build();
  }

  private static String run(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int exit = command.execute(arguments);
    assertThat(exit).as(out + "\n" + err).isZero();
    return out.toString();
  }
}
