package io.platestream.detector.inference;

import io.platestream.datasets.geometry.PerspectiveWarp;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Frames in, plates out: pre-processing, one ONNX Runtime run per group of same-shape frames, DB
 * post-processing per frame, the plate filter (shape), the plate verifier (appearance of the crop),
 * and a rectified crop per plate (the same rectification the datasets' recognition labels are cut
 * with).
 */
public final class PlateDetector {
  private final OnnxDetectorModel model;
  private final DetPreprocessor preprocessor;
  private final DbPostProcessor postProcessor;
  private final PlateFilter filter;
  private final PlateVerifier verifier;

  public PlateDetector(
      OnnxDetectorModel model,
      int sideLimit,
      DbPostProcessor.Settings settings,
      PlateFilter filter,
      PlateVerifier verifier) {
    this.model = model;
    this.preprocessor = new DetPreprocessor(sideLimit);
    this.postProcessor = new DbPostProcessor(settings);
    this.filter = filter;
    this.verifier = verifier;
  }

  /**
   * PaddleOCR's settings (side limit 960, DB defaults) with the Chinese plate filter and no plate
   * verifier: the bundled one is fitted on synthetic scenes, and on real photographs it removed few
   * boxes and lost a plate (docs/BENCHMARKS.md), so real cameras run without it.
   */
  public static PlateDetector withDefaults(OnnxDetectorModel model) {
    return withVerifier(model, PlateVerifier.acceptAll());
  }

  /** The defaults with another verifier ({@link PlateVerifier#acceptAll()}: none). */
  public static PlateDetector withVerifier(OnnxDetectorModel model, PlateVerifier verifier) {
    return new PlateDetector(
        model,
        960,
        DbPostProcessor.Settings.paddleDefaults(),
        PlateFilter.chineseDefaults(),
        verifier);
  }

  /**
   * Every text box per frame, before the plate filter. Frames are batched by their resized shape:
   * padding a smaller frame into a larger batch changes what the network sees near its content
   * (measured: a box fell to IoU 0.54 with its single-frame self), so only same-shape frames share
   * a run. Frames of one camera share a shape, which is the batching that matters in a stream.
   */
  public List<List<TextBox>> textBoxes(List<BufferedImage> frames) {
    NativeImages buffers = NativeImages.ofThisThread();
    return textBoxesOf(
        frames.stream()
            .map(
                image ->
                    new BatchMember(image.getWidth(), image.getHeight(), () -> buffers.bgrx(image)))
            .toList());
  }

  /** Plates per frame: text boxes that pass the plate filter, each with its rectified crop. */
  public List<List<DetectedPlate>> detect(List<BufferedImage> frames) {
    List<List<TextBox>> boxes = textBoxes(frames);
    List<List<DetectedPlate>> plates = new ArrayList<>(frames.size());
    for (int i = 0; i < frames.size(); i++) {
      List<DetectedPlate> found = new ArrayList<>();
      for (TextBox box : boxes.get(i)) {
        if (!filter.accepts(box)) {
          continue;
        }
        BufferedImage crop = PerspectiveWarp.rectify(frames.get(i), box.corners());
        if (verifier.accepts(PlateAppearance.of(crop))) {
          found.add(new DetectedPlate(box, crop));
        }
      }
      plates.add(found);
    }
    return plates;
  }

  /** Plate outlines in a frame decoded into native memory, without crops (shadow comparisons). */
  public List<TextBox> plateBoxes(NativeFrame frame) {
    return textBoxesOf(List.of(BatchMember.of(frame))).get(0).stream()
        .filter(filter::accepts)
        .filter(box -> NativeCrops.verified(frame.bgr(), box, verifier))
        .toList();
  }

  /**
   * Plates in a frame decoded into native memory, each crop cut and JPEG-encoded there: the frame's
   * pixels never become a Java image on the way (the stage's path).
   */
  public List<EncodedPlate> detectEncoded(NativeFrame frame, int jpegQuality) {
    return detectEncoded(List.of(frame), jpegQuality).get(0);
  }

  /**
   * Plates per frame of frames decoded into native memory (each in a decode slot of its own, all
   * valid at once), batched as {@link #textBoxes}, each crop cut and JPEG-encoded in native memory.
   */
  public List<List<EncodedPlate>> detectEncoded(List<NativeFrame> frames, int jpegQuality) {
    List<List<TextBox>> boxes = textBoxesOf(frames.stream().map(BatchMember::of).toList());
    List<List<EncodedPlate>> plates = new ArrayList<>(frames.size());
    for (int i = 0; i < frames.size(); i++) {
      Mat bgr = frames.get(i).bgr();
      List<EncodedPlate> found = new ArrayList<>();
      for (TextBox box : boxes.get(i)) {
        EncodedPlate plate =
            filter.accepts(box) ? NativeCrops.cut(bgr, box, jpegQuality, verifier) : null;
        if (plate != null) {
          found.add(plate);
        }
      }
      plates.add(found);
    }
    return plates;
  }

  /**
   * A frame of a batch: its size, and its pixels in native memory (B, G, R, or B, G, R, x), asked
   * for once, when the frame is pre-processed, and not kept beyond that.
   */
  private record BatchMember(int width, int height, Supplier<Mat> pixels) {
    static BatchMember of(NativeFrame frame) {
      return new BatchMember(frame.width(), frame.height(), frame::bgr);
    }
  }

  /**
   * Text boxes per frame: each group of same-shape frames pre-processed into one direct buffer and
   * run in one inference.
   */
  private List<List<TextBox>> textBoxesOf(List<BatchMember> frames) {
    Map<List<Integer>, List<Integer>> byShape = new LinkedHashMap<>();
    for (int i = 0; i < frames.size(); i++) {
      int[] size = preprocessor.targetSize(frames.get(i).width(), frames.get(i).height());
      byShape.computeIfAbsent(List.of(size[0], size[1]), k -> new ArrayList<>()).add(i);
    }
    List<List<TextBox>> result = new ArrayList<>(Collections.nCopies(frames.size(), List.of()));
    NativeImages buffers = NativeImages.ofThisThread();
    for (Map.Entry<List<Integer>, List<Integer>> group : byShape.entrySet()) {
      int width = group.getKey().get(0), height = group.getKey().get(1);
      List<Integer> members = group.getValue();
      int frameFloats = 3 * width * height;
      FloatBuffer input = buffers.tensor(Math.multiplyExact(members.size(), frameFloats));
      for (int k = 0; k < members.size(); k++) {
        Mat pixels = frames.get(members.get(k)).pixels().get();
        preprocessor.writeInto(pixels, width, height, input, k * frameFloats);
      }
      ProbabilityMap[] maps = model.run(input, members.size(), height, width);
      for (int k = 0; k < members.size(); k++) {
        BatchMember frame = frames.get(members.get(k));
        result.set(members.get(k), postProcessor.boxes(maps[k], frame.width(), frame.height()));
      }
    }
    return result;
  }

  public String modelVersion() {
    return model.version();
  }
}
