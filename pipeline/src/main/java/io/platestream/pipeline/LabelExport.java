package io.platestream.pipeline;

import io.platestream.datasets.ccpd.CcpdName;
import io.platestream.datasets.ccpd.CcpdNames;
import io.platestream.datasets.geometry.Point2;
import io.platestream.datasets.geometry.Polygon;
import io.platestream.datasets.image.JpegHeader;
import io.platestream.datasets.paddle.DetectionLabel;
import io.platestream.datasets.paddle.PaddleLabels;
import io.platestream.datasets.paddle.RecognitionLabel;
import io.platestream.datasets.paddle.TextRegion;
import io.platestream.platform.KafkaClients;
import io.platestream.schemas.LabelVerdict;
import io.platestream.schemas.PlateLabel;
import io.platestream.schemas.Quad;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operators' labels (the latest of each event on the labels topic) written as a dataset other
 * tools read: PaddleOCR's recognition layout ({@code rec/} and {@code rec_labels.txt}) or CCPD's
 * (the plate in each crop's file name), the crops of "not a plate" verdicts under {@code
 * negatives/} (what a plate verifier learns to refuse), {@code det_labels.txt} with {@code boxes/}
 * (the snapshots whose box a reviewer fixed, with that box), and {@code labels.tsv} with every
 * verdict, camera and time, so a split can go by camera and time.
 */
public final class LabelExport {
  /** What was written. */
  public record Written(int plates, int negatives, int unreadable, int skipped) {}

  private LabelExport() {}

  public static Map<String, PlateLabel> read(
      String bootstrapServers, SchemaRegistryClient registry, String topic) {
    return KafkaClients.latestByKey(
        bootstrapServers,
        topic,
        new AvroDeserializer<>(PlateLabel.class, registry),
        Duration.ofMinutes(2));
  }

  /**
   * @param format {@code paddle} or {@code ccpd}
   */
  public static Written write(Map<String, PlateLabel> labels, Path out, String format)
      throws IOException {
    if (!format.equals("paddle") && !format.equals("ccpd")) {
      throw new IllegalArgumentException("--format must be paddle or ccpd, got " + format);
    }
    Path plates = out.resolve(format.equals("paddle") ? "rec" : "ccpd");
    Files.createDirectories(plates);
    Files.createDirectories(out.resolve("negatives"));
    List<RecognitionLabel> recognition = new ArrayList<>();
    StringBuilder table =
        new StringBuilder(
            "event_id\tcamera_id\tverdict\ttext\tread_text\tfirst_seen_ms\treviewer\tbox\n");
    // Snapshots whose box a reviewer fixed, with that box, as a PaddleOCR detection set.
    List<DetectionLabel> boxes = new ArrayList<>();
    int number = 0;
    int negatives = 0;
    int unreadable = 0;
    int skipped = 0;
    for (PlateLabel label : labels.values()) {
      number++;
      byte[] crop = bytes(label.getCrop());
      table
          .append(clean(label.getEventId()))
          .append('\t')
          .append(clean(label.getCameraId()))
          .append('\t')
          .append(label.getVerdict())
          .append('\t')
          .append(label.getText() == null ? "" : clean(label.getText()))
          .append('\t')
          .append(clean(label.getReadText()))
          .append('\t')
          .append(label.getFirstSeenMs())
          .append('\t')
          .append(clean(label.getReviewer()))
          .append('\t')
          .append(label.getBox() == null ? "" : boxText(label.getBox()))
          .append('\n');
      if (label.getBox() != null
          && label.getSnapshot() != null
          && label.getVerdict() != LabelVerdict.NOT_A_PLATE) {
        String name = String.format("boxes/%06d.jpg", number);
        Files.createDirectories(out.resolve("boxes"));
        Files.write(out.resolve(name), bytes(label.getSnapshot()));
        Quad box = label.getBox();
        String text =
            label.getVerdict() == LabelVerdict.UNREADABLE
                ? TextRegion.DO_NOT_CARE
                : label.getText().toString();
        boxes.add(
            new DetectionLabel(
                name,
                List.of(
                    new TextRegion(
                        Polygon.rectangle(
                            box.getTopLeft().getX(),
                            box.getTopLeft().getY(),
                            box.getBottomRight().getX(),
                            box.getBottomRight().getY()),
                        text))));
      }
      if (label.getVerdict() == LabelVerdict.NOT_A_PLATE) {
        Files.write(out.resolve("negatives").resolve(String.format("%06d.jpg", number)), crop);
        negatives++;
      } else if (label.getVerdict() == LabelVerdict.UNREADABLE) {
        unreadable++;
      } else if (format.equals("paddle")) {
        String name = String.format("%06d.jpg", number);
        Files.write(plates.resolve(name), crop);
        recognition.add(new RecognitionLabel("rec/" + name, label.getText()));
      } else {
        String name = ccpdName(label.getText(), crop);
        if (name == null) {
          skipped++; // CCPD names only spell mainland plates
        } else {
          Files.write(plates.resolve(String.format("%06d-", number) + name), crop);
        }
      }
    }
    if (format.equals("paddle")) {
      PaddleLabels.writeRecognition(out.resolve("rec_labels.txt"), recognition);
    }
    Files.writeString(out.resolve("labels.tsv"), table, StandardCharsets.UTF_8);
    if (!boxes.isEmpty()) {
      PaddleLabels.writeDetection(out.resolve("det_labels.txt"), boxes);
    }
    int written =
        format.equals("paddle") ? recognition.size() : number - negatives - unreadable - skipped;
    return new Written(written, negatives, unreadable, skipped);
  }

  /**
   * Writes the plates of {@code labels} as a PaddleOCR recognition set in {@code dir}: crops under
   * {@code rec/} and {@code labelFile}; how many.
   */
  public static int writeRecognitionSet(List<PlateLabel> labels, Path dir, String labelFile)
      throws IOException {
    Files.createDirectories(dir.resolve("rec"));
    List<RecognitionLabel> lines = new ArrayList<>();
    for (PlateLabel label : labels) {
      if (label.getText() == null) {
        continue;
      }
      String name = "rec/" + String.format("%06d.jpg", lines.size() + 1);
      Files.write(dir.resolve(name), bytes(label.getCrop()));
      lines.add(new RecognitionLabel(name, label.getText()));
    }
    PaddleLabels.writeRecognition(dir.resolve(labelFile), lines);
    return lines.size();
  }

  /** A CCPD name for a whole crop (the plate fills it), or null for a plate CCPD cannot spell. */
  private static String ccpdName(String plate, byte[] crop) {
    JpegHeader size = JpegHeader.of(crop);
    double right = size.width() - 1;
    double bottom = size.height() - 1;
    try {
      return CcpdNames.format(
          new CcpdName(
              1000,
              0,
              0,
              new Point2(0, 0),
              new Point2(right, bottom),
              List.of(
                  new Point2(right, bottom),
                  new Point2(0, bottom),
                  new Point2(0, 0),
                  new Point2(right, 0)),
              plate,
              0,
              0));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  /** Tabs and line breaks would break the table's rows. */
  private static String clean(String text) {
    return text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }

  /** A reviewer's box as x1,y1,x2,y2 in the snapshot's pixels. */
  private static String boxText(Quad box) {
    return Math.round(box.getTopLeft().getX())
        + ","
        + Math.round(box.getTopLeft().getY())
        + ","
        + Math.round(box.getBottomRight().getX())
        + ","
        + Math.round(box.getBottomRight().getY());
  }
}
