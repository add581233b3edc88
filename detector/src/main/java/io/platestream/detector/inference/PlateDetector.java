package io.platestream.detector.inference;

import io.platestream.datasets.geometry.PerspectiveWarp;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Frames in, plates out: pre-processing, one ONNX Runtime run per group of same-shape frames, DB
 * post-processing per frame, the plate filter, and a rectified crop per plate (the same
 * rectification the datasets' recognition labels are cut with).
 */
public final class PlateDetector {
  private final OnnxDetectorModel model;
  private final DetPreprocessor preprocessor;
  private final DbPostProcessor postProcessor;
  private final PlateFilter filter;

  public PlateDetector(
      OnnxDetectorModel model,
      int sideLimit,
      DbPostProcessor.Settings settings,
      PlateFilter filter) {
    this.model = model;
    this.preprocessor = new DetPreprocessor(sideLimit);
    this.postProcessor = new DbPostProcessor(settings);
    this.filter = filter;
  }

  /** PaddleOCR's settings (side limit 960, DB defaults) with the Chinese plate filter. */
  public static PlateDetector withDefaults(OnnxDetectorModel model) {
    return new PlateDetector(
        model, 960, DbPostProcessor.Settings.paddleDefaults(), PlateFilter.chineseDefaults());
  }

  /**
   * Every text box per frame, before the plate filter. Frames are batched by their resized shape:
   * padding a smaller frame into a larger batch changes what the network sees near its content
   * (measured: a box fell to IoU 0.54 with its single-frame self), so only same-shape frames share
   * a run. Frames of one camera share a shape, which is the batching that matters in a stream.
   */
  public List<List<TextBox>> textBoxes(List<BufferedImage> frames) {
    Map<List<Integer>, List<Integer>> byShape = new LinkedHashMap<>();
    for (int i = 0; i < frames.size(); i++) {
      int[] size = preprocessor.targetSize(frames.get(i).getWidth(), frames.get(i).getHeight());
      byShape.computeIfAbsent(List.of(size[0], size[1]), k -> new ArrayList<>()).add(i);
    }
    List<List<TextBox>> result = new ArrayList<>(Collections.nCopies(frames.size(), List.of()));
    for (Map.Entry<List<Integer>, List<Integer>> group : byShape.entrySet()) {
      int width = group.getKey().get(0), height = group.getKey().get(1);
      List<Integer> members = group.getValue();
      int plane = width * height;
      float[] input = new float[members.size() * 3 * plane];
      for (int k = 0; k < members.size(); k++) {
        preprocessor.writeInto(
            frames.get(members.get(k)), width, height, input, k * 3 * plane, width, height);
      }
      ProbabilityMap[] maps = model.run(input, members.size(), height, width);
      for (int k = 0; k < members.size(); k++) {
        BufferedImage frame = frames.get(members.get(k));
        result.set(
            members.get(k), postProcessor.boxes(maps[k], frame.getWidth(), frame.getHeight()));
      }
    }
    return result;
  }

  /** Plates per frame: text boxes that pass the plate filter, each with its rectified crop. */
  public List<List<DetectedPlate>> detect(List<BufferedImage> frames) {
    List<List<TextBox>> boxes = textBoxes(frames);
    List<List<DetectedPlate>> plates = new ArrayList<>(frames.size());
    for (int i = 0; i < frames.size(); i++) {
      List<DetectedPlate> found = new ArrayList<>();
      for (TextBox box : boxes.get(i)) {
        if (filter.accepts(box))
          found.add(new DetectedPlate(box, PerspectiveWarp.rectify(frames.get(i), box.corners())));
      }
      plates.add(found);
    }
    return plates;
  }

  /** Plate outlines in a frame decoded into native memory, without crops (shadow comparisons). */
  public List<TextBox> plateBoxes(NativeFrame frame) {
    return textBoxes(frame.bgr()).stream().filter(filter::accepts).toList();
  }

  /**
   * Plates in a frame decoded into native memory, each crop cut and JPEG-encoded there: the frame's
   * pixels never become a Java image on the way (the stage's path).
   */
  public List<EncodedPlate> detectEncoded(NativeFrame frame, int jpegQuality) {
    Mat bgr = frame.bgr();
    List<EncodedPlate> plates = new ArrayList<>();
    for (TextBox box : textBoxes(bgr)) {
      if (filter.accepts(box)) plates.add(NativeCrops.cut(bgr, box, jpegQuality));
    }
    return plates;
  }

  /** Plates per frame of Java images, batched as {@link #textBoxes}, crops encoded as above. */
  public List<List<EncodedPlate>> detectEncoded(List<BufferedImage> frames, int jpegQuality) {
    List<List<TextBox>> boxes = textBoxes(frames);
    List<List<EncodedPlate>> plates = new ArrayList<>(frames.size());
    NativeImages buffers = NativeImages.ofThisThread();
    for (int i = 0; i < frames.size(); i++) {
      List<EncodedPlate> found = new ArrayList<>();
      Mat bgrx = null;
      for (TextBox box : boxes.get(i)) {
        if (!filter.accepts(box)) continue;
        if (bgrx == null) bgrx = buffers.bgrx(frames.get(i)); // copied in once, if any plate
        found.add(NativeCrops.cut(bgrx, box, jpegQuality));
      }
      plates.add(found);
    }
    return plates;
  }

  /** One frame's text boxes, in a run of its own. */
  private List<TextBox> textBoxes(Mat bgr) {
    int[] size = preprocessor.targetSize(bgr.cols(), bgr.rows());
    int width = size[0], height = size[1];
    ProbabilityMap map = model.run(preprocessor.tensor(bgr, width, height), 1, height, width)[0];
    return postProcessor.boxes(map, bgr.cols(), bgr.rows());
  }

  public String modelVersion() {
    return model.version();
  }
}
