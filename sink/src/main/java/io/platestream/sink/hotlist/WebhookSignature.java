package io.platestream.sink.hotlist;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Lets a webhook receiver check that an alert came from this sink and was not replayed: the header
 * {@value #HEADER} holds {@code t=<ms since the epoch>,v1=<hex HMAC-SHA256>}, the MAC taken with
 * the shared secret over {@code t}, a dot, and the exact body bytes. A receiver recomputes it and
 * refuses a mismatch or a {@code t} too far from its clock.
 */
public final class WebhookSignature {
  public static final String HEADER = "X-PlateStream-Signature";
  private static final String ALGORITHM = "HmacSHA256";

  private final byte[] secret;

  public WebhookSignature(String secret) {
    if (secret == null || secret.length() < 16) {
      throw new IllegalArgumentException("a webhook secret needs at least 16 characters");
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** The header's value for {@code body} sent at {@code timeMs}. */
  public String sign(long timeMs, byte[] body) {
    return "t=" + timeMs + ",v1=" + HexFormat.of().formatHex(mac(timeMs, body));
  }

  /** Whether {@code header} signs {@code body} and was made within {@code tolerance} of now. */
  public boolean verify(String header, byte[] body, long nowMs, Duration tolerance) {
    if (header == null) {
      return false;
    }
    long time = -1;
    byte[] offered = null;
    for (String part : header.split(",")) {
      String[] pair = part.strip().split("=", 2);
      if (pair.length != 2) {
        return false;
      }
      try {
        if (pair[0].equals("t")) {
          time = Long.parseLong(pair[1]);
        } else if (pair[0].equals("v1")) {
          offered = HexFormat.of().parseHex(pair[1]);
        }
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return time >= 0
        && offered != null
        && Math.abs(nowMs - time) <= tolerance.toMillis()
        && MessageDigest.isEqual(offered, mac(time, body));
  }

  private byte[] mac(long timeMs, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      mac.update((timeMs + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "WebhookSignature[secret hidden]";
  }
}
