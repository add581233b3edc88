package io.platestream.detector.inference;

import java.awt.image.BufferedImage;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A frame decoded into its thread's native memory (OpenCV's B, G, R bytes), so that resizing and
 * cutting crops read it where the decoder wrote it. The pixels live in a buffer the thread reuses,
 * one of its numbered decode slots: the frame is valid on that thread only until the thread decodes
 * another frame into the same slot, and says so when used after that instead of showing the other
 * frame's pixels.
 */
public final class NativeFrame {
  private final NativeImages buffers;
  private final int slot;
  private final long generation;
  private final Thread owner = Thread.currentThread();

  NativeFrame(NativeImages buffers, int slot, long generation) {
    this.buffers = buffers;
    this.slot = slot;
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
    if (buffers.decodes(slot) != generation) {
      throw new IllegalStateException(
          "a decoded frame is used after its thread decoded another into the same buffer (slot "
              + slot
              + ")");
    }
    return buffers.decoded(slot);
  }

  /** A Java copy of the pixels, for what works on BufferedImages (shadow runs, evaluation). */
  public BufferedImage toPackedRgb() {
    return buffers.toPackedRgb(bgr());
  }
}
