package io.platestream.datasets.image;

/**
 * The size a JPEG claims, read from its start-of-frame marker without decoding, so that a stage can
 * refuse an image before a decoder allocates what the header says (a 60-byte file may claim 65535 x
 * 65535 pixels: 12 GiB of RGB).
 */
public record JpegHeader(int width, int height) {

  /** The pixels the image claims. */
  public long pixels() {
    return (long) width * height;
  }

  /**
   * The size in {@code jpeg}'s first start-of-frame marker.
   *
   * @throws IllegalArgumentException when the bytes are no JPEG or end before a frame header
   */
  public static JpegHeader of(byte[] jpeg) {
    if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != 0xd8) {
      throw new IllegalArgumentException("not a JPEG image (no start-of-image marker)");
    }
    int at = 2;
    while (at + 4 <= jpeg.length) {
      if ((jpeg[at] & 0xff) != 0xff) {
        throw new IllegalArgumentException("corrupt JPEG: no marker at byte " + at);
      }
      int marker = jpeg[at + 1] & 0xff;
      if (marker == 0xff) { // fill byte before a marker
        at++;
        continue;
      }
      if (marker == 0xd9 || marker == 0xda) {
        break; // end of image, or entropy-coded data before any frame header
      }
      int length = ((jpeg[at + 2] & 0xff) << 8) | (jpeg[at + 3] & 0xff);
      if (length < 2) {
        throw new IllegalArgumentException("corrupt JPEG: segment length " + length);
      }
      // SOF0..SOF15 carry the size, except DHT (C4), JPG (C8) and DAC (CC).
      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
        if (at + 9 > jpeg.length) {
          break;
        }
        int height = ((jpeg[at + 5] & 0xff) << 8) | (jpeg[at + 6] & 0xff);
        int width = ((jpeg[at + 7] & 0xff) << 8) | (jpeg[at + 8] & 0xff);
        if (width == 0 || height == 0) {
          throw new IllegalArgumentException(
              "JPEG claims an empty image (" + width + "x" + height + ")");
        }
        return new JpegHeader(width, height);
      }
      at += 2 + length;
    }
    throw new IllegalArgumentException("corrupt or truncated JPEG: no frame header");
  }
}
