package io.platestream.training.verifier;

import io.platestream.datasets.geometry.Polygon;
import io.platestream.datasets.metrics.PolygonIoU;
import io.platestream.datasets.paddle.DetectionLabel;
import io.platestream.datasets.paddle.PaddleLabels;
import io.platestream.datasets.paddle.RecognitionLabel;
import io.platestream.datasets.paddle.TextRegion;
import io.platestream.detector.inference.DetectedPlate;
import io.platestream.detector.inference.PlateAppearance;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.schemas.LabelVerdict;
import io.platestream.schemas.PlateLabel;
import io.platestream.training.data.ImageSource;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * What a plate verifier learns from: the appearance of each box the detector keeps on labelled
 * scenes (a plate when it overlaps a labelled plate by IoU 0.5 or more, as detection is scored;
 * anything else is not), labelled real plate crops, which are all plates, and operators' labels of
 * the site's own cameras, the only source of real boxes that are not plates.
 */
public final class VerifierExamples {
  /** One crop's appearance and whether it is a plate. */
  public record Example(double[] features, boolean plate) {}

  private final List<Example> examples = new ArrayList<>();
  private int scenePlates;
  private int sceneOthers;
  private int crops;
  private int sitePlates;
  private int siteOthers;

  public List<Example> all() {
    return List.copyOf(examples);
  }

  /** Boxes the detector keeps on the scenes of a PaddleOCR folder ({@code det_labels.txt}). */
  public void addScenes(Path dir, PlateDetector detector, Consumer<String> progress)
      throws IOException {
    List<DetectionLabel> labels =
        PaddleLabels.readDetection(dir.resolve("det_labels.txt"), false).labels();
    for (int i = 0; i < labels.size(); i++) {
      DetectionLabel label = labels.get(i);
      var image = ImageSource.file(dir.resolve(label.imagePath())).load();
      for (DetectedPlate found : detector.detect(List.of(image)).get(0)) {
        boolean plate = overlapsAPlate(new Polygon(found.box().corners()), label.regions());
        examples.add(new Example(PlateAppearance.of(found.crop()).values(), plate));
        if (plate) {
          scenePlates++;
        } else {
          sceneOthers++;
        }
      }
      if ((i + 1) % 50 == 0 || i + 1 == labels.size()) {
        progress.accept("scenes " + (i + 1) + "/" + labels.size());
      }
    }
  }

  /** Real plate crops listed in a PaddleOCR recognition label file: all plates. */
  public void addPlateCrops(Path dir, String labelFile) throws IOException {
    for (RecognitionLabel label :
        PaddleLabels.readRecognition(dir.resolve(labelFile), false).labels()) {
      var crop = ImageSource.file(dir.resolve(label.imagePath())).load();
      examples.add(new Example(PlateAppearance.of(crop).values(), true));
      crops++;
    }
  }

  /**
   * Operators' labels: the crop of every verdict but "not a plate" is a plate (an unreadable plate
   * is still one); "not a plate" is what this site's cameras show that the verifier must refuse.
   * Labels without a crop are skipped.
   */
  public void addLabels(Collection<PlateLabel> labels) {
    for (PlateLabel label : labels) {
      Optional<BufferedImage> crop = crop(label);
      if (crop.isEmpty()) {
        continue;
      }
      boolean plate = label.getVerdict() != LabelVerdict.NOT_A_PLATE;
      examples.add(new Example(PlateAppearance.of(crop.get()).values(), plate));
      if (plate) {
        sitePlates++;
      } else {
        siteOthers++;
      }
    }
  }

  /** A label's crop, decoded; empty when it has none or it does not decode. */
  public static Optional<BufferedImage> crop(PlateLabel label) {
    if (label.getCrop() == null) {
      return Optional.empty();
    }
    ByteBuffer bytes = label.getCrop().duplicate();
    byte[] jpeg = new byte[bytes.remaining()];
    bytes.get(jpeg);
    try {
      return Optional.ofNullable(ImageIO.read(new ByteArrayInputStream(jpeg)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean overlapsAPlate(Polygon box, List<TextRegion> regions) {
    // Unreadable plates (###) are plates all the same: a verifier must not learn to reject them.
    return regions.stream().anyMatch(r -> PolygonIoU.iou(box, r.polygon()) >= 0.5);
  }

  public String describe() {
    return String.format(
            "%d boxes on scenes (%d plates, %d other), %d real plate crops",
            scenePlates + sceneOthers, scenePlates, sceneOthers, crops)
        + (sitePlates + siteOthers == 0
            ? ""
            : String.format(
                ", %d site labels (%d plates, %d not plates)",
                sitePlates + siteOthers, sitePlates, siteOthers));
  }
}
