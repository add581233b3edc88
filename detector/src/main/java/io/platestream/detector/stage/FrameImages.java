package io.platestream.detector.stage;

import io.platestream.datasets.image.JpegHeader;
import io.platestream.detector.inference.JpegDecoder;
import io.platestream.detector.inference.NativeFrame;
import io.platestream.schemas.Frame;
import java.nio.ByteBuffer;

/** JPEG in and out of the stage's records. */
public final class FrameImages {

  /**
   * The frame's image in this thread's native memory (decode slot 0), checked against the size the
   * frame claims; valid on this thread until its next decode into that slot.
   */
  public static NativeFrame decodeNative(Frame frame) {
    return decodeNative(frame, 0);
  }

  /** The same into the thread's decode slot {@code slot} (a batch's frames each take their own). */
  static NativeFrame decodeNative(Frame frame, int slot) {
    ByteBuffer jpeg = frame.getJpeg().duplicate();
    byte[] bytes = new byte[jpeg.remaining()];
    jpeg.get(bytes);
    checkHeader(frame, bytes);
    NativeFrame image;
    try {
      image = JpegDecoder.decodeNative(bytes, slot);
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      // The header checks keep a frame's pixels bounded; should a decoder still exhaust memory or
      // stack on one frame, that frame is dead-lettered rather than failing the stage forever.
      throw new UndecodableFrameException(
          "frame "
              + frame.getCameraId()
              + "/"
              + frame.getSeq()
              + ": JPEG of "
              + bytes.length
              + " bytes cannot be decoded: "
              + e.getMessage());
    }
    if (image == null) {
      throw new UndecodableFrameException(
          "frame "
              + frame.getCameraId()
              + "/"
              + frame.getSeq()
              + (startsLikeJpeg(bytes)
                  ? ": JPEG of " + bytes.length + " bytes cannot be decoded (corrupt or truncated)"
                  : ": "
                      + bytes.length
                      + " bytes are not a JPEG image (no start-of-image marker)"));
    }
    if (image.width() != frame.getWidth() || image.height() != frame.getHeight()) {
      throw new UndecodableFrameException(
          "frame "
              + frame.getCameraId()
              + "/"
              + frame.getSeq()
              + " claims "
              + frame.getWidth()
              + "x"
              + frame.getHeight()
              + " but its JPEG is "
              + image.width()
              + "x"
              + image.height());
    }
    return image;
  }

  /** The most pixels a frame may have: 8K UHD (7680 x 4320), about 100 MB decoded. */
  public static final long MAX_FRAME_PIXELS = 7680L * 4320;

  /**
   * Refuses a frame whose JPEG header disagrees with the size the record claims, or claims more
   * than {@link #MAX_FRAME_PIXELS}, before the decoder allocates what the header says.
   */
  private static void checkHeader(Frame frame, byte[] bytes) {
    String which = "frame " + frame.getCameraId() + "/" + frame.getSeq();
    JpegHeader header;
    try {
      header = JpegHeader.of(bytes);
    } catch (IllegalArgumentException e) {
      throw new UndecodableFrameException(
          which + ": JPEG of " + bytes.length + " bytes cannot be decoded: " + e.getMessage());
    }
    if (header.width() != frame.getWidth() || header.height() != frame.getHeight()) {
      throw new UndecodableFrameException(
          which
              + " claims "
              + frame.getWidth()
              + "x"
              + frame.getHeight()
              + " but its JPEG is "
              + header.width()
              + "x"
              + header.height());
    }
    if (header.pixels() > MAX_FRAME_PIXELS) {
      throw new UndecodableFrameException(
          which
              + " is "
              + header.width()
              + "x"
              + header.height()
              + ", more than the "
              + MAX_FRAME_PIXELS
              + " pixels a frame may have (8K)");
    }
  }

  /** A JPEG begins with the start-of-image marker, FF D8. */
  private static boolean startsLikeJpeg(byte[] bytes) {
    return bytes.length >= 2 && bytes[0] == (byte) 0xff && bytes[1] == (byte) 0xd8;
  }

  /** Quality of crop JPEGs: 75, ImageIO's default, which this stage has always used. */
  public static final int CROP_JPEG_QUALITY = 75;

  private FrameImages() {}
}
