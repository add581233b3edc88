package io.platestream.detector.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.platestream.datasets.geometry.Polygon;
import io.platestream.datasets.metrics.DetectionEvaluator;
import io.platestream.datasets.metrics.DetectionMetrics;
import io.platestream.datasets.metrics.PolygonIoU;
import io.platestream.datasets.paddle.TextRegion;
import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.PlateInstance;
import io.platestream.datasets.render.Scene;
import io.platestream.datasets.render.SceneConfig;
import io.platestream.datasets.render.SceneRenderer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real pretrained PP-OCRv4 detector on 40 synthetic traffic scenes (fixed seed, 960 x 540): how
 * many plates it outlines (IoU >= 0.5), on sharp and on blurred scenes, and how much distractor
 * text the plate filter lets through. Measured on 2026-11-24: 44 of 59 plates (0.75) overall; the
 * misses are small plates under motion blur or defocus, which the pretrained model does not see as
 * text. Reaching 95 % takes a detector fine-tuned for plates.
 */
class PretrainedDetectorOnSyntheticScenesTest {
  private static final int SCENES = 40;
  private static OnnxDetectorModel model;
  private static List<Scene> scenes;

  @BeforeAll
  static void setUp() {
    FontsAvailableAccess.require();
    model = OnnxDetectorModel.pretrained(ExecutionProvider.CPU, 2);
    SceneRenderer renderer =
        new SceneRenderer(SceneConfig.defaults().withSize(960, 540), PlateFonts.load());
    scenes = new ArrayList<>();
    for (int i = 0; i < SCENES; i++) scenes.add(renderer.render(1000 + i));
  }

  @AfterAll
  static void tearDown() {
    model.close();
  }

  @Test
  void outlinesMostPlatesAndTheFilterKeepsEveryOutlinedPlate() {
    PlateDetector detector = PlateDetector.withDefaults(model);
    int plates = 0,
        outlined = 0,
        outlinedKept = 0,
        sharpPlates = 0,
        sharpOutlined = 0,
        distractorsSeen = 0,
        distractorsKept = 0;
    DetectionEvaluator filtered = new DetectionEvaluator(), unfiltered = new DetectionEvaluator();
    for (Scene scene : scenes) {
      List<TextBox> boxes = detector.textBoxes(List.of(scene.image())).get(0);
      List<DetectedPlate> kept = detector.detect(List.of(scene.image())).get(0);
      List<TextRegion> truth =
          scene.plates().stream()
              .map(p -> new TextRegion(new Polygon(p.corners()), p.text()))
              .toList();
      unfiltered.add(truth, boxes.stream().map(b -> new Polygon(b.corners())).toList());
      filtered.add(truth, kept.stream().map(d -> new Polygon(d.box().corners())).toList());
      boolean sharp = !scene.conditions().motionBlur() && !scene.conditions().defocus();
      for (PlateInstance plate : scene.plates()) {
        Polygon gt = new Polygon(plate.corners());
        boolean hit =
            boxes.stream().anyMatch(b -> PolygonIoU.iou(gt, new Polygon(b.corners())) >= 0.5);
        plates++;
        if (hit) outlined++;
        if (hit
            && kept.stream()
                .anyMatch(d -> PolygonIoU.iou(gt, new Polygon(d.box().corners())) >= 0.5))
          outlinedKept++;
        if (sharp) {
          sharpPlates++;
          if (hit) sharpOutlined++;
        }
      }
      for (var outline : scene.distractors()) {
        Polygon distractor = new Polygon(outline);
        double area = PolygonIoU.area(distractor);
        if (boxes.stream()
            .anyMatch(
                b -> PolygonIoU.intersection(distractor, new Polygon(b.corners())) > 0.3 * area)) {
          distractorsSeen++;
          if (kept.stream()
              .anyMatch(
                  d ->
                      PolygonIoU.intersection(distractor, new Polygon(d.box().corners()))
                          > 0.3 * area)) distractorsKept++;
        }
      }
    }
    DetectionMetrics before = unfiltered.result(), after = filtered.result();
    System.out.printf(
        "plates outlined (IoU >= 0.5): %d/%d = %.3f; sharp scenes %d/%d = %.3f; kept by the plate filter %d%n",
        outlined,
        plates,
        (double) outlined / plates,
        sharpOutlined,
        sharpPlates,
        (double) sharpOutlined / sharpPlates,
        outlinedKept);
    System.out.printf(
        "distractor texts detected %d, let through by the plate filter %d%n",
        distractorsSeen, distractorsKept);
    System.out.printf(
        "all text boxes: P %.3f R %.3f H %.3f; after the plate filter: P %.3f R %.3f H %.3f%n",
        before.precision(),
        before.recall(),
        before.hmean(),
        after.precision(),
        after.recall(),
        after.hmean());

    assertThat(plates).isGreaterThan(40);
    assertThat(sharpOutlined)
        .as("plates outlined on sharp scenes")
        .isGreaterThanOrEqualTo((int) Math.ceil(0.9 * sharpPlates));
    assertThat(outlined)
        .as("plates outlined overall (regression floor)")
        .isGreaterThanOrEqualTo((int) Math.ceil(0.7 * plates));
    assertThat(outlinedKept)
        .as("the plate filter must not drop an outlined plate")
        .isEqualTo(outlined);
    assertThat(after.precision())
        .as("the plate filter removes non-plate text")
        .isGreaterThan(before.precision());
  }

  @Test
  void aBatchFindsWhatSingleFramesFind() {
    PlateDetector detector = PlateDetector.withDefaults(model);
    // Frames of two sizes: the smaller one is run in a batch of its own shape.
    List<java.awt.image.BufferedImage> frames =
        new ArrayList<>(scenes.subList(0, 3).stream().map(Scene::image).toList());
    frames.add(scaled(scenes.get(3).image(), 640, 360));
    List<List<TextBox>> batched = detector.textBoxes(frames);
    for (int i = 0; i < frames.size(); i++) {
      List<TextBox> single = detector.textBoxes(List.of(frames.get(i))).get(0);
      assertThat(batched.get(i)).as("frame %d", i).hasSameSizeAs(single);
      for (TextBox box : single) {
        double best =
            batched.get(i).stream()
                .mapToDouble(
                    b -> PolygonIoU.iou(new Polygon(b.corners()), new Polygon(box.corners())))
                .max()
                .orElse(0);
        assertThat(best).as("frame %d box at %s", i, box.corners().get(0)).isGreaterThan(0.95);
      }
    }
  }

  @Test
  void theNativePathFindsWhatTheJavaImagePathFinds() {
    PlateDetector detector = PlateDetector.withDefaults(model);
    int plates = 0;
    for (int i = 0; i < 6; i++) {
      byte[] jpeg = io.platestream.datasets.image.Images.jpeg(scenes.get(i).image(), 85);
      List<DetectedPlate> javaPath = detector.detect(List.of(JpegDecoder.decode(jpeg))).get(0);

      List<EncodedPlate> nativePath = detector.detectEncoded(JpegDecoder.decodeNative(jpeg), 75);

      // The same resize from B, G, R as from B, G, R, x, so the very same boxes and crop sizes.
      assertThat(nativePath.stream().map(EncodedPlate::box).toList())
          .as("scene %d", i)
          .isEqualTo(javaPath.stream().map(DetectedPlate::box).toList());
      for (int p = 0; p < nativePath.size(); p++) {
        assertThat(nativePath.get(p).cropWidth()).isEqualTo(javaPath.get(p).crop().getWidth());
        assertThat(nativePath.get(p).cropHeight()).isEqualTo(javaPath.get(p).crop().getHeight());
      }
      assertThat(detector.plateBoxes(JpegDecoder.decodeNative(jpeg)))
          .isEqualTo(nativePath.stream().map(EncodedPlate::box).toList());
      plates += nativePath.size();
    }
    assertThat(plates).isPositive();
  }

  @Test
  void aBatchOfNativeFramesFindsAndCutsWhatSingleNativeFramesDo() {
    PlateDetector detector = PlateDetector.withDefaults(model);
    List<byte[]> jpegs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      jpegs.add(io.platestream.datasets.image.Images.jpeg(scenes.get(i).image(), 85));
    }
    jpegs.add(
        io.platestream.datasets.image.Images.jpeg(scaled(scenes.get(3).image(), 640, 360), 85));
    List<List<EncodedPlate>> single = new ArrayList<>();
    for (byte[] jpeg : jpegs) {
      single.add(detector.detectEncoded(JpegDecoder.decodeNative(jpeg), 75));
    }

    // Each frame in a slot of its own, so that all four are held at once, as a batching stage
    // holds its batch until the crops are cut.
    List<NativeFrame> frames = new ArrayList<>();
    for (int i = 0; i < jpegs.size(); i++) {
      frames.add(JpegDecoder.decodeNative(jpegs.get(i), i));
    }
    List<List<EncodedPlate>> batched = detector.detectEncoded(frames, 75);

    assertThat(batched).hasSameSizeAs(single);
    int plates = 0;
    for (int i = 0; i < jpegs.size(); i++) {
      assertThat(batched.get(i)).as("frame %d", i).hasSameSizeAs(single.get(i));
      for (EncodedPlate alone : single.get(i)) {
        // Runs of 3 and of 1 may differ in the last digits, so a box is matched by IoU; its crop
        // must come from this frame, not another in the batch.
        EncodedPlate match =
            batched.get(i).stream()
                .max(
                    java.util.Comparator.comparingDouble(
                        b -> PolygonIoU.iou(polygon(b), polygon(alone))))
                .orElseThrow();
        assertThat(PolygonIoU.iou(polygon(match), polygon(alone)))
            .as("frame %d box at %s", i, alone.box().corners().get(0))
            .isGreaterThan(0.95);
        assertThat(match.cropWidth()).isCloseTo(alone.cropWidth(), within(2));
        assertThat(match.cropHeight()).isCloseTo(alone.cropHeight(), within(2));
        assertThat(meanAbsoluteDifference(match.cropJpeg(), alone.cropJpeg()))
            .as("frame %d crop pixels", i)
            .isLessThan(8.0);
        plates++;
      }
    }
    assertThat(plates).isPositive();
  }

  private static Polygon polygon(EncodedPlate plate) {
    return new Polygon(plate.box().corners());
  }

  /** Mean absolute difference per channel of two crops, over the area both cover. */
  private static double meanAbsoluteDifference(byte[] jpegA, byte[] jpegB) {
    java.awt.image.BufferedImage a = JpegDecoder.decode(jpegA), b = JpegDecoder.decode(jpegB);
    int width = Math.min(a.getWidth(), b.getWidth());
    int height = Math.min(a.getHeight(), b.getHeight());
    long sum = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = a.getRGB(x, y), q = b.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
        }
      }
    }
    return sum / (3.0 * width * height);
  }

  private static java.awt.image.BufferedImage scaled(
      java.awt.image.BufferedImage image, int width, int height) {
    java.awt.image.BufferedImage out =
        new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        java.awt.RenderingHints.KEY_INTERPOLATION,
        java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, width, height, null);
    g.dispose();
    return out;
  }
}
