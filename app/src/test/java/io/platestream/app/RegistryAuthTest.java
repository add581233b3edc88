package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.platform.EmbeddedKafka;
import io.platestream.schemas.embedded.EmbeddedSchemaRegistry;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A command against a schema registry that requires basic auth over TLS (the embedded one, so
 * configured): with the settings in --schema-registry-properties it works; without them it is
 * refused, and the refusal says so without printing the password.
 */
class RegistryAuthTest {
  private static final String STORE_PASSWORD = "store-secret";

  @Test
  void aCommandReachesAnAuthenticatedTlsRegistryOnlyWithItsSettings(@TempDir Path dir)
      throws Exception {
    Path keyStore = dir.resolve("registry.p12");
    Path trustStore = dir.resolve("trust.p12");
    Path certificate = dir.resolve("registry.crt");
    keytool(
        "-genkeypair",
        "-alias",
        "registry",
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
        keyStore.toString(),
        "-storepass",
        STORE_PASSWORD);
    keytool(
        "-exportcert",
        "-alias",
        "registry",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        STORE_PASSWORD,
        "-file",
        certificate.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "registry",
        "-file",
        certificate.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        trustStore.toString(),
        "-storepass",
        STORE_PASSWORD);

    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        EmbeddedSchemaRegistry registry =
            EmbeddedSchemaRegistry.start(
                EmbeddedSchemaRegistry.Settings.defaults(kafka.bootstrapServers())
                    .withTls(serverContext(keyStore))
                    .withBasicAuth("reader:registry-secret"))) {
      assertThat(registry.url()).startsWith("https://");
      Path settings = dir.resolve("registry.properties");
      Files.writeString(
          settings,
          "basic.auth.user.info=reader:registry-secret\n"
              + "schema.registry.ssl.truststore.location="
              + trustStore
              + "\n"
              + "schema.registry.ssl.truststore.password="
              + STORE_PASSWORD
              + "\n"
              + "schema.registry.ssl.truststore.type=PKCS12\n");
      Path artifacts = dir.resolve("artifacts");

      Outcome allowed =
          execute(
              "models",
              "list",
              "--artifacts",
              artifacts.toString(),
              "--bootstrap-servers",
              kafka.bootstrapServers(),
              "--schema-registry",
              registry.url(),
              "--schema-registry-properties",
              settings.toString());
      assertThat(allowed.code()).as(allowed.err()).isZero();
      assertThat(allowed.out()).containsPattern("plate-detector +v1 +PRODUCTION");

      Files.writeString(
          settings,
          "schema.registry.ssl.truststore.location="
              + trustStore
              + "\n"
              + "schema.registry.ssl.truststore.password="
              + STORE_PASSWORD
              + "\n"
              + "schema.registry.ssl.truststore.type=PKCS12\n"
              + "basic.auth.user.info=reader:wrong-secret\n");
      Outcome refused =
          execute(
              "models",
              "list",
              "--artifacts",
              artifacts.toString(),
              "--bootstrap-servers",
              kafka.bootstrapServers(),
              "--schema-registry",
              registry.url(),
              "--schema-registry-properties",
              settings.toString());
      assertThat(refused.code()).isNotZero();
      assertThat(refused.err()).contains("401").doesNotContain("wrong-secret");
    }
  }

  private record Outcome(int code, String out, String err) {}

  private static Outcome execute(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int code = command.execute(arguments);
    return new Outcome(code, out.toString(), err.toString());
  }

  private static void keytool(String... arguments) throws Exception {
    String[] command = new String[arguments.length + 1];
    command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
  }

  private static SSLContext serverContext(Path keyStore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, STORE_PASSWORD.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, STORE_PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }
}
