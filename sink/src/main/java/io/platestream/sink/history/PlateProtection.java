package io.platestream.sink.history;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How plates are kept: in clear, or as a keyed HMAC-SHA256 for deployments that may not store them
 * in clear. A hashed plate can still be found by its exact text (the query is hashed with the same
 * key), but not by prefix or similarity.
 */
public final class PlateProtection {
  private static final String ALGORITHM = "HmacSHA256";
  private final SecretKeySpec key;

  private PlateProtection(SecretKeySpec key) {
    this.key = key;
  }

  public static PlateProtection clear() {
    return new PlateProtection(null);
  }

  /**
   * @param secret at least 32 bytes (the HMAC's own strength); keep it out of the database
   */
  public static PlateProtection hmac(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException(
          "the plate hashing key must be at least 32 bytes, got " + secret.length);
    }
    return new PlateProtection(new SecretKeySpec(secret.clone(), ALGORITHM));
  }

  public boolean hashed() {
    return key != null;
  }

  /** The plate as stored: itself, or its HMAC in lower-case hex. */
  public String protect(String plate) {
    if (key == null) {
      return plate;
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(plate.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable in this JVM", e);
    }
  }
}
