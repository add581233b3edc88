package io.platestream.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The operator token that guards status and metrics pages: {@code Authorization: Bearer <token>}.
 */
public final class OperatorToken {
  private OperatorToken() {}

  /** Whether {@code authorization} (a request's header, may be null) carries {@code token}. */
  public static boolean matches(String token, String authorization) {
    return authorization != null
        && authorization.startsWith("Bearer ")
        // Constant time: the comparison must not tell how much of a guess was right.
        && MessageDigest.isEqual(
            authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8),
            token.getBytes(StandardCharsets.UTF_8));
  }
}
