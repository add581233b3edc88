package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.platform.EmbeddedKafka;
import io.platestream.schemas.embedded.EmbeddedSchemaRegistry;
import io.platestream.testing.TestCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
    Path keyStore =
        TestCertificates.keyStore(dir.resolve("registry.p12"), "registry", STORE_PASSWORD);
    Path trustStore =
        TestCertificates.trustStore(
            keyStore, "registry", STORE_PASSWORD, dir.resolve("trust.p12"), STORE_PASSWORD);

    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        EmbeddedSchemaRegistry registry =
            EmbeddedSchemaRegistry.start(
                EmbeddedSchemaRegistry.Settings.defaults(kafka.bootstrapServers())
                    .withTls(TestCertificates.serverContext(keyStore, STORE_PASSWORD))
                    .withBasicAuth("reader:registry-secret"))) {
      assertThat(registry.url()).startsWith("https://");
      String trust =
          "schema.registry.ssl.truststore.location="
              + trustStore
              + "\n"
              + "schema.registry.ssl.truststore.password="
              + STORE_PASSWORD
              + "\n"
              + "schema.registry.ssl.truststore.type=PKCS12\n";
      Path settings = dir.resolve("registry.properties");

      Files.writeString(settings, trust + "basic.auth.user.info=reader:registry-secret\n");
      Outcome allowed = listModels(kafka, registry, settings, dir.resolve("artifacts"));
      assertThat(allowed.code()).as(allowed.err()).isZero();
      assertThat(allowed.out()).containsPattern("plate-detector +v1 +PRODUCTION");

      Files.writeString(settings, trust + "basic.auth.user.info=reader:wrong-secret\n");
      Outcome refused = listModels(kafka, registry, settings, dir.resolve("artifacts"));
      assertThat(refused.code()).isNotZero();
      assertThat(refused.err()).contains("401").doesNotContain("wrong-secret");
    }
  }

  private record Outcome(int code, String out, String err) {}

  /** {@code platestream models list} against the broker and registry, with these settings. */
  private static Outcome listModels(
      EmbeddedKafka kafka, EmbeddedSchemaRegistry registry, Path settings, Path artifacts) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int code =
        command.execute(
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
    return new Outcome(code, out.toString(), err.toString());
  }
}
