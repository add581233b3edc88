package io.platestream.detector.inference;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC2;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.WARP_INVERSE_MAP;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.getPerspectiveTransform;
import static org.bytedeco.opencv.global.opencv_imgproc.warpPerspective;

import io.platestream.datasets.geometry.Point2;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Rectified plate crops cut and JPEG-encoded by OpenCV from a frame in native memory. The geometry
 * is {@code PerspectiveWarp.rectify}'s (PaddleOCR's {@code get_rotate_crop_image}): crop size from
 * the longer opposite edges, crop corners mapped onto the outline, bilinear samples with the border
 * repeated, a quarter turn counter-clockwise when at least 1.5 times taller than wide. OpenCV
 * samples at 1/32 pixel in fixed point, so pixels differ from the Java warp a little at edges (on
 * scene frames: 0.18 levels on average, 3 at most; a test bounds it); the encoder is
 * libjpeg-turbo's, at the quality asked for.
 */
final class NativeCrops {
  private NativeCrops() {}

  /** The plate's crop from a B, G, R (or B, G, R, x) frame, encoded as JPEG. */
  static EncodedPlate cut(Mat frame, TextBox box, int jpegQuality) {
    return cut(frame, box, jpegQuality, PlateVerifier.acceptAll());
  }

  /**
   * The plate's crop, encoded as JPEG, when the verifier takes it for a plate; null when not (the
   * crop is then never encoded).
   */
  static EncodedPlate cut(Mat frame, TextBox box, int jpegQuality, PlateVerifier verifier) {
    try (Mat crop = rectify(frame, box.corners())) {
      if (!verifier.accepts(appearance(crop))) {
        return null;
      }
      return new EncodedPlate(box, jpeg(crop, jpegQuality), crop.cols(), crop.rows());
    }
  }

  /** Whether the verifier takes the box's crop for a plate. */
  static boolean verified(Mat frame, TextBox box, PlateVerifier verifier) {
    try (Mat crop = rectify(frame, box.corners())) {
      return verifier.accepts(appearance(crop));
    }
  }

  /** The appearance of an upright B, G, R crop, read in place. */
  static PlateAppearance appearance(Mat bgr) {
    int width = bgr.cols(), height = bgr.rows();
    byte[] pixels = new byte[3 * width * height];
    if (bgr.isContinuous()) {
      bgr.data().get(pixels);
    } else {
      try (Mat copy = bgr.clone()) {
        copy.data().get(pixels);
      }
    }
    return PlateAppearance.of(pixels, width, height);
  }

  /** The upright crop of an outline (top-left first) as a new B, G, R Mat the caller closes. */
  static Mat rectify(Mat frame, List<Point2> quad) {
    TextBox outline = new TextBox(quad, 0);
    int width = (int) outline.width(), height = (int) outline.height();
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "the outline is degenerate (" + width + " x " + height + " px)");
    }
    float[] cropCorners = {0, 0, width, 0, width, height, 0, height};
    float[] frameCorners = new float[8];
    for (int i = 0; i < 4; i++) {
      frameCorners[2 * i] = (float) quad.get(i).x();
      frameCorners[2 * i + 1] = (float) quad.get(i).y();
    }
    Mat warped = new Mat();
    try (FloatPointer from = new FloatPointer(cropCorners);
        FloatPointer to = new FloatPointer(frameCorners);
        Mat fromMat = new Mat(4, 1, CV_32FC2, from);
        Mat toMat = new Mat(4, 1, CV_32FC2, to);
        // Crop to frame, applied as the inverse map: each crop pixel reads the frame where this
        // sends it, exactly how the Java warp samples.
        Mat cropToFrame = getPerspectiveTransform(fromMat, toMat);
        Size size = new Size(width, height);
        Scalar border = new Scalar(0.0)) {
      warpPerspective(
          frame,
          warped,
          cropToFrame,
          size,
          INTER_LINEAR | WARP_INVERSE_MAP,
          BORDER_REPLICATE,
          border);
      if (warped.channels() == 4) {
        cvtColor(warped, warped, COLOR_BGRA2BGR);
      }
      if ((double) height / width >= 1.5) {
        rotate(warped, warped, ROTATE_90_COUNTERCLOCKWISE);
      }
      return warped;
    } catch (RuntimeException e) {
      warped.close();
      throw e;
    }
  }

  static byte[] jpeg(Mat bgr, int quality) {
    try (IntPointer parameters = new IntPointer(IMWRITE_JPEG_QUALITY, quality);
        BytePointer encoded = new BytePointer()) {
      if (!imencode(".jpg", bgr, encoded, parameters)) {
        throw new IllegalStateException(
            "OpenCV could not encode a " + bgr.cols() + "x" + bgr.rows() + " crop as JPEG");
      }
      byte[] bytes = new byte[(int) encoded.limit()];
      encoded.get(bytes);
      return bytes;
    }
  }
}
