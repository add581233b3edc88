package io.platestream.detector.inference;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_core.mixChannels;

import io.platestream.datasets.geometry.PackedPixels;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Native (OpenCV) working memory for one thread, and the moves of packed-RGB images in and out of
 * it. Each buffer is kept for the thread's next frame: a frame's worth of freshly allocated native
 * memory is touched page by page on every call, which measured 1.5-4x slower for the resize and
 * colour conversion than reusing it.
 *
 * <p>A packed-RGB pixel is the int {@code 0x00RRGGBB}; on a little-endian machine its bytes are B,
 * G, R, 0, so an int array is, byte for byte, a 4-channel B, G, R, x image for OpenCV.
 */
final class NativeImages {
  static {
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      throw new ExceptionInInitializerError(
          "the detector's image buffers assume a little-endian machine, this one is big-endian");
    }
    // Each call runs on its caller's thread: the stage already runs one frame per worker on every
    // core, and ONNX Runtime has its own threads; an OpenCV pool on top would only contend.
    opencv_core.setNumThreads(0);
  }

  private static final ThreadLocal<NativeImages> PER_THREAD =
      ThreadLocal.withInitial(NativeImages::new);

  /** This thread's buffers; only this thread may use them, and only until its next call. */
  static NativeImages ofThisThread() {
    return PER_THREAD.get();
  }

  /** B to B, G to G, R to R; the fourth byte of each packed pixel stays 0. */
  private static final int[] BGR_INTO_BGRX = {0, 0, 1, 1, 2, 2};

  /**
   * Decoded frames, one per slot: a batch decodes its frames into slots 0, 1, ... so that all of
   * them stay in native memory until its crops are cut; a single frame uses slot 0.
   */
  private final List<DecodeSlot> slots = new ArrayList<>();

  private final Mat packed = new Mat();
  private final IntPointer bgrIntoBgrx = new IntPointer(BGR_INTO_BGRX);
  final Mat resized = new Mat();
  final MatVector planes = new MatVector();
  final Mat normalised = new Mat();
  private FloatBuffer tensor = FloatBuffer.allocate(0);
  private IntPointer pixels = new IntPointer(0L);
  private Mat pixelsView = new Mat();

  private NativeImages() {}

  /** The image copied into native memory, as a B, G, R, x view valid until the next call. */
  Mat bgrx(BufferedImage image) {
    int width = image.getWidth(), height = image.getHeight();
    int[] rgb = PackedPixels.of(image);
    if (pixels.capacity() < rgb.length) {
      pixels.close();
      pixels = new IntPointer((long) rgb.length);
      pixelsView.close();
      pixelsView = new Mat();
    }
    pixels.position(0).put(rgb, 0, rgb.length);
    if (pixelsView.cols() != width || pixelsView.rows() != height) {
      pixelsView.close();
      pixelsView = new Mat(height, width, CV_8UC4, pixels);
    }
    return pixelsView;
  }

  /**
   * A direct buffer of {@code floats} values for an inference input, which ONNX Runtime reads where
   * it is instead of copying a heap array into a fresh direct buffer of its own on every run.
   */
  FloatBuffer tensor(int floats) {
    if (tensor.capacity() < floats) {
      tensor =
          ByteBuffer.allocateDirect(Math.multiplyExact(floats, Float.BYTES))
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer();
    }
    return tensor.clear().limit(floats);
  }

  /**
   * The buffer of {@code slot}, for the next frame to be decoded into it. A frame decoded into the
   * slot before is no longer valid from here on, whether or not this decode succeeds.
   */
  Mat startDecode(int slot) {
    if (slot < 0) {
      throw new IllegalArgumentException("a decode slot is 0 or more, got " + slot);
    }
    while (slots.size() <= slot) {
      slots.add(new DecodeSlot());
    }
    DecodeSlot target = slots.get(slot);
    target.decodes++;
    return target.pixels;
  }

  /** The frame the last decode into {@code slot} wrote, valid until the slot's next decode. */
  NativeFrame decodedFrame(int slot) {
    return new NativeFrame(this, slot, slots.get(slot).decodes);
  }

  /** How many frames {@code slot} has been given: a frame is valid while this is unchanged. */
  long decodes(int slot) {
    return slots.get(slot).decodes;
  }

  /** The pixels of {@code slot}. */
  Mat decoded(int slot) {
    return slots.get(slot).pixels;
  }

  /** One decode target, and how many frames it has been given. */
  private static final class DecodeSlot {
    final Mat pixels = new Mat();
    long decodes;
  }

  /** A new packed-RGB image with the pixels of a B, G, R Mat. */
  BufferedImage toPackedRgb(Mat bgr) {
    if (packed.cols() != bgr.cols() || packed.rows() != bgr.rows()) {
      // Allocated zeroed once per frame size: mixing leaves the x bytes alone.
      packed.create(bgr.rows(), bgr.cols(), CV_8UC4);
      try (Scalar zero = new Scalar(0.0)) {
        packed.put(zero);
      }
    }
    mixChannels(bgr, 1, packed, 1, bgrIntoBgrx, 3);
    BufferedImage image = new BufferedImage(bgr.cols(), bgr.rows(), BufferedImage.TYPE_INT_RGB);
    int[] rgb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    try (IntPointer pixels = new IntPointer(packed.data())) {
      pixels.get(rgb, 0, rgb.length);
    }
    return image;
  }
}
