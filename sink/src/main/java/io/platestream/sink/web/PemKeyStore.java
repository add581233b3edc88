package io.platestream.sink.web;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEM file as a key store: one unencrypted PKCS#8 private key ({@code BEGIN PRIVATE KEY}) and its
 * certificate chain, leaf first, as {@code cat key.pem fullchain.pem} gives (Let's Encrypt and most
 * CAs hand out these two files).
 */
final class PemKeyStore {
  private PemKeyStore() {}

  private static final Pattern BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----", Pattern.DOTALL);

  /** Whether {@code text} looks like PEM rather than a binary key store. */
  static boolean looksLikePem(byte[] content) {
    String start =
        new String(
            content, 0, Math.min(content.length, 512), java.nio.charset.StandardCharsets.US_ASCII);
    return start.contains("-----BEGIN ");
  }

  /**
   * The key and chain as an in-memory PKCS12 store whose entry is protected by {@code
   * entryPassword}.
   *
   * @throws IllegalArgumentException naming what is missing or unreadable
   */
  static KeyStore read(String text, char[] entryPassword) {
    PrivateKey key = null;
    List<Certificate> chain = new ArrayList<>();
    Matcher block = BLOCK.matcher(text);
    while (block.find()) {
      String type = block.group(1);
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(block.group(2));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the PEM block " + type + " is not valid base64");
      }
      switch (type) {
        case "PRIVATE KEY" -> {
          if (key != null) {
            throw new IllegalArgumentException("the PEM file holds more than one private key");
          }
          key = privateKey(der);
        }
        case "CERTIFICATE" -> chain.add(certificate(der, chain.size() + 1));
        case "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY" ->
            throw new IllegalArgumentException(
                "the PEM key is "
                    + type
                    + "; give an unencrypted PKCS#8 key (BEGIN PRIVATE KEY), as 'openssl pkcs8"
                    + " -topk8 -nocrypt' writes it");
        default -> {
          // Parameters and other blocks some tools add are not needed.
        }
      }
    }
    if (key == null) {
      throw new IllegalArgumentException("the PEM file holds no private key (BEGIN PRIVATE KEY)");
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("the PEM file holds no certificate (BEGIN CERTIFICATE)");
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("dashboard", key, entryPassword, chain.toArray(Certificate[]::new));
      return store;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException(
          "the PEM key does not go with its certificate: " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(byte[] der) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "RSASSA-PSS")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException | RuntimeException e) {
        // Not this algorithm: try the next.
      }
    }
    throw new IllegalArgumentException(
        "the PEM private key is not an RSA, EC or Ed25519 PKCS#8 key");
  }

  private static Certificate certificate(byte[] der, int position) {
    try {
      return CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(
          "certificate " + position + " of the PEM file is not an X.509 certificate");
    }
  }
}
