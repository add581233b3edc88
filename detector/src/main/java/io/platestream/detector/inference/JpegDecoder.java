package io.platestream.detector.inference;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import java.awt.image.BufferedImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes frames with OpenCV's {@code imdecode} (libjpeg-turbo), as PaddleOCR's {@code cv2} reads
 * its images: the same pixels as ImageIO's decoder (checked on the stage benchmark's frames), in
 * about half the time. EXIF orientation is ignored, as ImageIO does: a frame's pixels are stored
 * the way up they came.
 */
public final class JpegDecoder {

  /**
   * The image decoded into this thread's native buffer (slot 0), or null when the bytes are no
   * image OpenCV can decode. The frame is valid on this thread until its next decode into slot 0.
   */
  public static NativeFrame decodeNative(byte[] encoded) {
    return decodeNative(encoded, 0);
  }

  /**
   * The same into the thread's decode slot {@code slot}, so that several frames can be held at once
   * (a batch decodes its frames into slots 0, 1, ...); valid until that slot's next decode.
   */
  public static NativeFrame decodeNative(byte[] encoded, int slot) {
    if (encoded.length == 0) return null;
    NativeImages buffers = NativeImages.ofThisThread();
    // On failure imdecode leaves its target as it was (the previous frame's pixels) and returns an
    // empty Mat: only the returned Mat tells.
    try (BytePointer bytes = new BytePointer(encoded);
        Mat view = new Mat(1, encoded.length, CV_8U, bytes);
        Mat result =
            imdecode(view, IMREAD_COLOR | IMREAD_IGNORE_ORIENTATION, buffers.startDecode(slot))) {
      return result.empty() ? null : buffers.decodedFrame(slot);
    }
  }

  /** The image's pixels as packed RGB, or null when the bytes are no image OpenCV can decode. */
  public static BufferedImage decode(byte[] encoded) {
    NativeFrame frame = decodeNative(encoded);
    return frame == null ? null : frame.toPackedRgb();
  }

  private JpegDecoder() {}
}
