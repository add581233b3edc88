package io.platestream.sink.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * The dashboard's TLS identity: a PKCS12 key store (a private key and its certificate chain), as
 * {@code keytool} or {@code openssl pkcs12 -export} write it. Checked when made, so a wrong path or
 * password stops the sink at start with the reason, not at the first visitor.
 */
public record Tls(Path keyStore, String password) {
  public Tls {
    if (!Files.isRegularFile(keyStore)) {
      throw new IllegalArgumentException("the TLS key store " + keyStore + " does not exist");
    }
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password == null ? null : password.toCharArray());
      if (store.size() == 0) {
        throw new IllegalArgumentException("the TLS key store " + keyStore + " holds no key");
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "the TLS key store "
              + keyStore
              + " cannot be read as PKCS12 with that password: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public String toString() {
    return "Tls[" + keyStore + "]"; // never the password
  }
}
