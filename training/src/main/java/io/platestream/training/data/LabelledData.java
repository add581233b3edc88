package io.platestream.training.data;

import io.platestream.datasets.LabelFormatException;
import io.platestream.datasets.ccpd.CcpdName;
import io.platestream.datasets.ccpd.CcpdNames;
import io.platestream.datasets.geometry.PerspectiveWarp;
import io.platestream.datasets.geometry.Polygon;
import io.platestream.datasets.paddle.DetectionLabel;
import io.platestream.datasets.paddle.PaddleLabels;
import io.platestream.datasets.paddle.RecognitionLabel;
import io.platestream.datasets.paddle.TextRegion;
import io.platestream.training.det.DetectorTraining;
import io.platestream.training.rec.RecognizerTraining;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Labelled plates from a folder, in either format the trainers read: PaddleOCR's label files
 * ({@code det_labels.txt}, {@code rec_labels.txt}, paths relative to the folder) or CCPD (every
 * {@code .jpg} under the folder, labelled by its own name: one plate, its four corners and text).
 * Images are read when a batch needs them.
 */
public final class LabelledData {
  /** The label formats {@code platestream train --format} takes. */
  public enum Format {
    PADDLE,
    CCPD;

    public static Format parse(String name) {
      for (Format format : values()) {
        if (format.name().equalsIgnoreCase(name)) {
          return format;
        }
      }
      throw new IllegalArgumentException("--format must be paddle or ccpd, not " + name);
    }
  }

  private LabelledData() {}

  /** The folder's detection labels (CCPD: one region per image, its plate). */
  public static List<DetectionLabel> detection(Path dir, Format format) throws IOException {
    return switch (format) {
      case PADDLE -> PaddleLabels.readDetection(labelFile(dir, "det_labels.txt"), false).labels();
      case CCPD -> {
        List<DetectionLabel> labels = new ArrayList<>();
        for (Path image : ccpdImages(dir)) {
          CcpdName name = ccpd(image);
          labels.add(
              new DetectionLabel(
                  dir.relativize(image).toString(),
                  List.of(
                      new TextRegion(
                          new Polygon(name.cornersClockwiseFromTopLeft()), name.plate()))));
        }
        yield labels;
      }
    };
  }

  /** The detector's training sample of a label: its plates, and its do-not-care regions. */
  public static DetectorTraining.Sample detectionSample(Path dir, DetectionLabel label) {
    return new DetectorTraining.Sample(
        ImageSource.file(dir.resolve(label.imagePath())),
        label.regions().stream().filter(r -> !r.ignored()).map(r -> r.polygon().points()).toList(),
        label.regions().stream()
            .filter(TextRegion::ignored)
            .map(r -> r.polygon().points())
            .toList());
  }

  /** The folder's labelled crops (CCPD: each image's plate, rectified from its corners). */
  public static List<RecognizerTraining.Sample> recognition(Path dir, Format format)
      throws IOException {
    List<RecognizerTraining.Sample> samples = new ArrayList<>();
    switch (format) {
      case PADDLE -> {
        for (RecognitionLabel label :
            PaddleLabels.readRecognition(labelFile(dir, "rec_labels.txt"), false).labels()) {
          samples.add(
              new RecognizerTraining.Sample(
                  ImageSource.file(dir.resolve(label.imagePath())), label.text()));
        }
      }
      case CCPD -> {
        for (Path image : ccpdImages(dir)) {
          CcpdName name = ccpd(image);
          ImageSource frame = ImageSource.file(image);
          samples.add(
              new RecognizerTraining.Sample(
                  () -> PerspectiveWarp.rectify(frame.load(), name.cornersClockwiseFromTopLeft()),
                  name.plate()));
        }
      }
    }
    return samples;
  }

  private static Path labelFile(Path dir, String name) {
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "no " + name + " in " + dir + " (--format paddle; CCPD images need --format ccpd)");
    }
    return file;
  }

  private static List<Path> ccpdImages(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + " is not a folder");
    }
    List<Path> images;
    try (Stream<Path> files = Files.walk(dir)) {
      images =
          files
              .filter(Files::isRegularFile)
              .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jpg"))
              .sorted()
              .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no CCPD .jpg images under " + dir);
    }
    return images;
  }

  private static CcpdName ccpd(Path image) {
    try {
      return CcpdNames.parse(image.getFileName().toString());
    } catch (LabelFormatException e) {
      throw new IllegalArgumentException(
          image + " is not named as CCPD labels its images: " + e.getMessage(), e);
    }
  }
}
