package io.platestream.detector.inference;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_core.mixChannels;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import java.awt.image.BufferedImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Decodes frames with OpenCV's {@code imdecode} (libjpeg-turbo), as PaddleOCR's {@code cv2} reads
 * its images: the same pixels as ImageIO's decoder (checked on the stage benchmark's frames), in
 * about half the time.
 */
public final class JpegDecoder {
  /** B to B, G to G, R to R; the fourth byte of each packed pixel stays 0. */
  private static final int[] BGR_INTO_BGRX = {0, 0, 1, 1, 2, 2};

  /**
   * The image's pixels as packed RGB, or null when the bytes are no image OpenCV can decode. EXIF
   * orientation is ignored, as ImageIO does: a frame's pixels are stored the way up they came.
   */
  public static BufferedImage decode(byte[] encoded) {
    if (encoded.length == 0) return null;
    NativeImages buffers = NativeImages.ofThisThread();
    Mat bgr = buffers.decoded;
    // On failure imdecode leaves its target as it was (the previous frame's pixels) and returns an
    // empty Mat: only the returned Mat tells.
    try (BytePointer bytes = new BytePointer(encoded);
        Mat view = new Mat(1, encoded.length, CV_8U, bytes);
        Mat result = imdecode(view, IMREAD_COLOR | IMREAD_IGNORE_ORIENTATION, bgr)) {
      if (result.empty()) return null;
    }
    Mat bgrx = buffers.packed;
    if (bgrx.cols() != bgr.cols() || bgrx.rows() != bgr.rows()) {
      // Allocated zeroed once per frame size: mixing leaves the x bytes alone.
      bgrx.create(bgr.rows(), bgr.cols(), CV_8UC4);
      try (Scalar zero = new Scalar(0.0)) {
        bgrx.put(zero);
      }
    }
    try (IntPointer pairs = new IntPointer(BGR_INTO_BGRX)) {
      mixChannels(bgr, 1, bgrx, 1, pairs, 3);
    }
    return NativeImages.toPackedRgb(bgrx);
  }

  private JpegDecoder() {}
}
