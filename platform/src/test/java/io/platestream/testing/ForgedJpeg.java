package io.platestream.testing;

/** JPEGs with a forged header, for tests of what a decoder is asked to allocate. */
public final class ForgedJpeg {
  private ForgedJpeg() {}

  /**
   * {@code jpeg} with the size in its first baseline or progressive start-of-frame marker replaced
   * by {@code width} x {@code height}; the image data stays as it was.
   */
  public static byte[] withSize(byte[] jpeg, int width, int height) {
    byte[] out = jpeg.clone();
    for (int at = 2; at + 9 < out.length; ) {
      int marker = out[at + 1] & 0xff;
      if (marker == 0xc0 || marker == 0xc2) {
        out[at + 5] = (byte) (height >> 8);
        out[at + 6] = (byte) height;
        out[at + 7] = (byte) (width >> 8);
        out[at + 8] = (byte) width;
        return out;
      }
      at += 2 + (((out[at + 2] & 0xff) << 8) | (out[at + 3] & 0xff));
    }
    throw new IllegalStateException("no start-of-frame marker");
  }
}
