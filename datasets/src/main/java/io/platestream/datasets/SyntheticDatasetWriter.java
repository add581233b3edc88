package io.platestream.datasets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.platestream.datasets.ccpd.CcpdName;
import io.platestream.datasets.ccpd.CcpdNames;
import io.platestream.datasets.geometry.PerspectiveWarp;
import io.platestream.datasets.geometry.Point2;
import io.platestream.datasets.geometry.Polygon;
import io.platestream.datasets.image.Images;
import io.platestream.datasets.paddle.DetectionLabel;
import io.platestream.datasets.paddle.PaddleLabels;
import io.platestream.datasets.paddle.RecognitionLabel;
import io.platestream.datasets.paddle.TextRegion;
import io.platestream.datasets.render.Legibility;
import io.platestream.datasets.render.PlateInstance;
import io.platestream.datasets.render.Scene;
import io.platestream.datasets.render.SceneRenderer;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a synthetic dataset to a folder, in every format the project reads:
 *
 * <ul>
 *   <li>{@code images/} scenes as JPEG and {@code det_labels.txt} in PaddleOCR's detection format
 *       (every plate, readable or not: a detector should find small plates too; distractor text is
 *       background, as in CCPD);
 *   <li>{@code rec/} rectified plate crops, cut with the same rectification the detector uses, and
 *       PaddleOCR recognition labels: {@code rec_labels.txt} for the plates a person could read
 *       ({@link Legibility}), the only ones an annotated dataset would transcribe, and {@code
 *       rec_labels_unreadable.txt} for the rest, so they can still be scored apart;
 *   <li>{@code ccpd/} the single-plate scenes with a readable plate again under CCPD file names;
 *   <li>{@code scenes.jsonl} the full ground truth per scene (plate types, tilts, distractor
 *       outlines, degradations, legibility, the text of unreadable plates too) for evaluations
 *       broken down by condition.
 * </ul>
 *
 * Scene {@code i} is rendered from seed {@code seed + i}, so the same seed gives the same bytes.
 */
public final class SyntheticDatasetWriter {
  private static final int STORE_JPEG_QUALITY = 95;

  /** Recognition labels of the crops no one could read, kept out of rec_labels.txt. */
  public static final String UNREADABLE_LABELS = "rec_labels_unreadable.txt";

  private final SceneRenderer renderer;
  private final ObjectMapper json = new ObjectMapper();

  public SyntheticDatasetWriter(SceneRenderer renderer) {
    this.renderer = renderer;
  }

  /**
   * What was written.
   *
   * @param unreadable plates too small or blurred to read: their crops are not in {@code crops}
   */
  public record Summary(
      int scenes, int plates, int unreadable, int crops, int ccpdImages, int distractors) {}

  public Summary write(Path dir, int count, long seed) throws IOException {
    Files.createDirectories(dir.resolve("images"));
    Files.createDirectories(dir.resolve("rec"));
    Files.createDirectories(dir.resolve("ccpd"));
    List<DetectionLabel> detLabels = new ArrayList<>();
    List<RecognitionLabel> recLabels = new ArrayList<>();
    List<RecognitionLabel> unreadable = new ArrayList<>();
    int plates = 0, ccpd = 0, distractors = 0;
    try (BufferedWriter manifest =
        Files.newBufferedWriter(dir.resolve("scenes.jsonl"), StandardCharsets.UTF_8)) {
      for (int i = 0; i < count; i++) {
        Scene scene = renderer.render(seed + i);
        String image = String.format(Locale.ROOT, "images/%06d.jpg", i);
        byte[] jpeg = Images.jpeg(scene.image(), STORE_JPEG_QUALITY);
        Files.write(dir.resolve(image), jpeg);
        List<TextRegion> regions = new ArrayList<>();
        for (int k = 0; k < scene.plates().size(); k++) {
          PlateInstance plate = scene.plates().get(k);
          regions.add(new TextRegion(new Polygon(plate.corners()), plate.text()));
          String crop = cropPath(i, k);
          BufferedImage rectified = PerspectiveWarp.rectify(scene.image(), plate.corners());
          Files.write(dir.resolve(crop), Images.jpeg(rectified, STORE_JPEG_QUALITY));
          boolean legible = Legibility.legible(plate, scene.conditions());
          (legible ? recLabels : unreadable).add(new RecognitionLabel(crop, plate.text()));
        }
        detLabels.add(new DetectionLabel(image, regions));
        plates += scene.plates().size();
        distractors += scene.distractors().size();
        if (writeCcpd(dir, scene, jpeg)) ccpd++;
        manifest.write(manifestLine(image, scene) + "\n");
      }
    }
    PaddleLabels.writeDetection(dir.resolve("det_labels.txt"), detLabels);
    PaddleLabels.writeRecognition(dir.resolve("rec_labels.txt"), recLabels);
    PaddleLabels.writeRecognition(dir.resolve(UNREADABLE_LABELS), unreadable);
    return new Summary(count, plates, unreadable.size(), recLabels.size(), ccpd, distractors);
  }

  /** Where the crop of a scene's k-th plate is written, relative to the dataset folder. */
  public static String cropPath(int scene, int plate) {
    return String.format(Locale.ROOT, "rec/%06d_%d.jpg", scene, plate);
  }

  /**
   * CCPD images hold one readable plate, and CCPD can only encode plates whose characters are in
   * its tables (not the 警/学/挂 suffixes). Returns false for scenes that do not fit, or whose name is
   * taken.
   */
  private boolean writeCcpd(Path dir, Scene scene, byte[] jpeg) throws IOException {
    if (scene.plates().size() != 1) return false;
    PlateInstance plate = scene.plates().get(0);
    if (!Legibility.legible(plate, scene.conditions())) return false;
    String name;
    try {
      name = CcpdNames.format(ccpdLabel(scene, plate));
    } catch (IllegalArgumentException notEncodable) {
      return false;
    }
    Path target = dir.resolve("ccpd").resolve(name);
    if (Files.exists(target)) return false;
    Files.write(target, jpeg);
    return true;
  }

  /**
   * The CCPD label of a one-plate scene. Tilts are written as 90 plus the signed tilt, since a CCPD
   * field cannot hold a minus sign (it separates fields); brightness is the mean luma inside the
   * plate's box, blurriness 0 for sharp scenes and larger for blurred ones.
   */
  static CcpdName ccpdLabel(Scene scene, PlateInstance plate) {
    List<Point2> c = plate.corners();
    double left = c.stream().mapToDouble(Point2::x).min().orElseThrow();
    double right = c.stream().mapToDouble(Point2::x).max().orElseThrow();
    double top = c.stream().mapToDouble(Point2::y).min().orElseThrow();
    double bottom = c.stream().mapToDouble(Point2::y).max().orElseThrow();
    BufferedImage image = scene.image();
    int area =
        (int)
            Math.round(
                (right - left)
                    * (bottom - top)
                    * 1000
                    / ((double) image.getWidth() * image.getHeight()));
    int blur = (scene.conditions().motionBlur() ? 50 : 0) + (scene.conditions().defocus() ? 30 : 0);
    return new CcpdName(
        area,
        (int) Math.round(90 + plate.horizontalTiltDeg()),
        (int) Math.round(90 + plate.verticalTiltDeg()),
        rounded(new Point2(left, top)),
        rounded(new Point2(right, bottom)),
        List.of(rounded(c.get(2)), rounded(c.get(3)), rounded(c.get(0)), rounded(c.get(1))),
        plate.text(),
        meanLuma(image, left, top, right, bottom),
        blur);
  }

  private String manifestLine(String image, Scene scene) {
    ObjectNode line = json.createObjectNode().put("image", image);
    line.put("width", scene.image().getWidth()).put("height", scene.image().getHeight());
    ArrayNode plates = line.putArray("plates");
    for (PlateInstance plate : scene.plates()) {
      ObjectNode p = plates.addObject().put("text", plate.text()).put("type", plate.type().name());
      p.put("horizontalTiltDeg", plate.horizontalTiltDeg())
          .put("verticalTiltDeg", plate.verticalTiltDeg());
      p.put("characterHeightPx", Legibility.characterHeightPx(plate))
          .put("legible", Legibility.legible(plate, scene.conditions()));
      points(p.putArray("points"), plate.corners());
    }
    ArrayNode distractors = line.putArray("distractors");
    scene.distractors().forEach(d -> points(distractors.addArray(), d));
    ObjectNode conditions = line.putObject("conditions");
    conditions
        .put("night", scene.conditions().night())
        .put("motionBlur", scene.conditions().motionBlur())
        .put("motionBlurPx", scene.conditions().motionBlurPx());
    conditions
        .put("defocus", scene.conditions().defocus())
        .put("defocusRadiusPx", scene.conditions().defocusRadiusPx())
        .put("noiseSigma", scene.conditions().noiseSigma());
    conditions.put("jpegQuality", scene.conditions().jpegQuality());
    return line.toString();
  }

  private static void points(ArrayNode array, List<Point2> points) {
    for (Point2 p : points) array.addArray().add(p.x()).add(p.y());
  }

  private static Point2 rounded(Point2 p) {
    return new Point2(Math.round(p.x()), Math.round(p.y()));
  }

  private static int meanLuma(
      BufferedImage image, double left, double top, double right, double bottom) {
    long sum = 0, n = 0;
    for (int y = (int) Math.max(0, top); y < Math.min(image.getHeight(), bottom); y++) {
      for (int x = (int) Math.max(0, left); x < Math.min(image.getWidth(), right); x++) {
        int rgb = image.getRGB(x, y);
        sum += (299 * ((rgb >> 16) & 0xff) + 587 * ((rgb >> 8) & 0xff) + 114 * (rgb & 0xff)) / 1000;
        n++;
      }
    }
    return n == 0 ? 0 : (int) (sum / n);
  }
}
