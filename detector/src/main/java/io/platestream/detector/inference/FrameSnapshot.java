package io.platestream.detector.inference;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The whole frame a plate was found in, scaled down and JPEG-encoded in native memory, so that an
 * event can show the vehicle and not only its plate: at most {@value #MAX_WIDTH} px wide (about
 * 20-40 KB), made once per frame that has plates.
 */
public final class FrameSnapshot {
  public static final int MAX_WIDTH = 640;
  public static final int JPEG_QUALITY = 70;

  private FrameSnapshot() {}

  public static byte[] of(NativeFrame frame) {
    Mat pixels = frame.bgr();
    int width = Math.min(MAX_WIDTH, frame.width());
    int height = Math.max(1, (int) Math.round((double) frame.height() * width / frame.width()));
    try (Mat scaled = new Mat();
        Size size = new Size(width, height)) {
      resize(pixels, scaled, size, 0, 0, INTER_AREA);
      if (scaled.channels() == 4) {
        cvtColor(scaled, scaled, COLOR_BGRA2BGR);
      }
      return NativeCrops.jpeg(scaled, JPEG_QUALITY);
    }
  }
}
