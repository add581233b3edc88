package io.platestream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed TLS identities for tests, made by the JDK's own keytool: a PKCS12 key store for a
 * server on 127.0.0.1 / localhost, a trust store holding its certificate, and the SSL contexts of
 * both sides.
 */
public final class TestCertificates {
  private TestCertificates() {}

  /** A fresh key and self-signed certificate for 127.0.0.1 and localhost, in PKCS12. */
  public static Path keyStore(Path file, String alias, String password) throws Exception {
    keytool(
        "-genkeypair",
        "-alias",
        alias,
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-storetype",
        "PKCS12",
        "-keystore",
        file.toString(),
        "-storepass",
        password);
    return file;
  }

  /** A PKCS12 trust store holding only the certificate of {@code keyStore}'s {@code alias}. */
  public static Path trustStore(
      Path keyStore, String alias, String keyPassword, Path file, String password)
      throws Exception {
    Path certificate = file.resolveSibling(alias + ".crt");
    keytool(
        "-exportcert",
        "-alias",
        alias,
        "-keystore",
        keyStore.toString(),
        "-storepass",
        keyPassword,
        "-file",
        certificate.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        alias,
        "-file",
        certificate.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        file.toString(),
        "-storepass",
        password);
    return file;
  }

  /** A server's SSL context presenting the key in {@code keyStore}. */
  public static SSLContext serverContext(Path keyStore, String password) throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(load(keyStore, password), password.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  /** A client's SSL context that trusts the certificate of {@code keyStore}'s {@code alias}. */
  public static SSLContext trusting(Path keyStore, String alias, String password) throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    trusted.setCertificateEntry(alias, load(keyStore, password).getCertificate(alias));
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static KeyStore load(Path keyStore, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, password.toCharArray());
    }
    return store;
  }

  private static void keytool(String... arguments) throws Exception {
    String[] command = new String[arguments.length + 1];
    command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("keytool said: %s", output).isZero();
  }
}
