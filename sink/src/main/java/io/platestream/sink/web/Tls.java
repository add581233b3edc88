package io.platestream.sink.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * The dashboard's TLS identity, read from {@code keyStore}: either a PKCS12 key store (a private
 * key and its certificate chain, as {@code keytool} or {@code openssl pkcs12 -export} write it,
 * opened with {@code password}) or a PEM file with an unencrypted PKCS#8 key and its chain (no
 * password). Read when made, so a wrong path, password or file stops the sink at start with the
 * reason, not at the first visitor.
 */
public final class Tls {
  private final Path file;
  private final KeyStore store;
  private final char[] storePassword;

  public Tls(Path keyStore, String password) {
    if (!Files.isRegularFile(keyStore)) {
      throw new IllegalArgumentException("the TLS key store " + keyStore + " does not exist");
    }
    this.file = keyStore;
    byte[] content;
    try {
      content = Files.readAllBytes(keyStore);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "the TLS key store " + keyStore + " cannot be read: " + e.getMessage(), e);
    }
    if (PemKeyStore.looksLikePem(content)) {
      // The in-memory store's password only guards it inside this process.
      this.storePassword = java.util.UUID.randomUUID().toString().toCharArray();
      try {
        this.store =
            PemKeyStore.read(new String(content, StandardCharsets.US_ASCII), storePassword);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "the TLS PEM file " + keyStore + " cannot be used: " + e.getMessage(), e);
      }
      return;
    }
    this.storePassword = password == null ? null : password.toCharArray();
    try {
      KeyStore pkcs12 = KeyStore.getInstance("PKCS12");
      pkcs12.load(new ByteArrayInputStream(content), storePassword);
      if (pkcs12.size() == 0) {
        throw new IllegalArgumentException("the TLS key store " + keyStore + " holds no key");
      }
      this.store = pkcs12;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "the TLS key store "
              + keyStore
              + " cannot be read as PKCS12 with that password: "
              + e.getMessage(),
          e);
    }
  }

  /** The file the identity was read from. */
  public Path keyStore() {
    return file;
  }

  /** The key and chain, loaded. */
  KeyStore store() {
    return store;
  }

  /** The password of {@link #store()} and its key entry. */
  String storePassword() {
    return storePassword == null ? null : new String(storePassword);
  }

  @Override
  public String toString() {
    return "Tls[" + file + "]"; // never the password
  }
}
