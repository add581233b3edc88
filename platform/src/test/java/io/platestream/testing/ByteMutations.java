package io.platestream.testing;

import java.util.Arrays;
import java.util.Random;

/**
 * Small random damage to a valid binary (an Avro record, a JPEG, an ONNX file), for bounded
 * fuzzing: one to four edits, each a flipped bit, a replaced byte (often 0x00 or 0xFF, which length
 * and marker fields choke on), a truncation, an inserted run of random bytes, or a repeated
 * stretch.
 */
public final class ByteMutations {
  private ByteMutations() {}

  public static byte[] mutate(byte[] valid, Random random) {
    byte[] b = valid.clone();
    for (int m = 0, n = 1 + random.nextInt(4); m < n && b.length > 0; m++) {
      int at = random.nextInt(b.length);
      switch (random.nextInt(5)) {
        case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
        case 1 ->
            b[at] =
                (byte)
                    (random.nextBoolean() ? random.nextInt(256) : random.nextBoolean() ? 0 : 0xFF);
        case 2 -> b = Arrays.copyOf(b, at);
        case 3 -> {
          byte[] run = new byte[1 + random.nextInt(16)];
          random.nextBytes(run);
          b = splice(b, at, run);
        }
        default -> {
          int end = Math.min(b.length, at + 1 + random.nextInt(64));
          b = splice(b, at, Arrays.copyOfRange(b, at, end));
        }
      }
    }
    return b;
  }

  private static byte[] splice(byte[] b, int at, byte[] inserted) {
    byte[] out = new byte[b.length + inserted.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(inserted, 0, out, at, inserted.length);
    System.arraycopy(b, at, out, at + inserted.length, b.length - at);
    return out;
  }
}
