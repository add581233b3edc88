package io.platestream.detector.inference;

import java.awt.image.BufferedImage;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A frame decoded into its thread's native memory (OpenCV's B, G, R bytes), so that resizing and
 * cutting crops read it where the decoder wrote it. The pixels live in a buffer the thread reuses:
 * the frame is valid on that thread only until the thread decodes its next frame, and says so when
 * used after that instead of showing the next frame's pixels.
 */
public final class NativeFrame {
  private final NativeImages buffers;
  private final long generation;
  private final Thread owner = Thread.currentThread();

  NativeFrame(NativeImages buffers, long generation) {
    this.buffers = buffers;
    this.generation = generation;
  }

  public int width() {
    return bgr().cols();
  }

  public int height() {
    return bgr().rows();
  }

  /** The pixels, B, G, R per pixel; checked to be still this frame's. */
  Mat bgr() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "a decoded frame is used on thread "
              + Thread.currentThread().getName()
              + ", but its pixels are in the buffers of "
              + owner.getName());
    }
    if (buffers.decodes() != generation) {
      throw new IllegalStateException(
          "a decoded frame is used after its thread decoded another into the same buffer");
    }
    return buffers.decoded;
  }

  /** A Java copy of the pixels, for what works on BufferedImages (shadow runs, evaluation). */
  public BufferedImage toPackedRgb() {
    return buffers.toPackedRgb(bgr());
  }
}
