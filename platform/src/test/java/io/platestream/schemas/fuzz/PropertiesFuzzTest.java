package io.platestream.schemas.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.schemas.KafkaSecurity;
import io.platestream.schemas.registry.RegistryClientConfig;
import io.platestream.testing.FuzzRun;
import io.platestream.testing.TextMutations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded fuzzing of the properties files an operator hands every command ({@code
 * --kafka-properties}, {@code --schema-registry-properties}): seeded mutations of valid files are
 * accepted or refused with an IllegalArgumentException that names the problem and never shows the
 * password in them.
 */
class PropertiesFuzzTest {
  private static final String SECRET = "Sup3rSecretPw";
  private static final String KAFKA =
      "security.protocol=SASL_SSL\n"
          + "sasl.mechanism=SCRAM-SHA-512\n"
          + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
          + " username=\"detect\" password=\""
          + SECRET
          + "\";\n"
          + "ssl.truststore.type=PKCS12\n"
          + "ssl.endpoint.identification.algorithm=https\n"
          + "ssl.enabled.protocols=TLSv1.3,TLSv1.2\n";
  private static final String REGISTRY =
      "basic.auth.user.info=detect:"
          + SECRET
          + "\nschema.registry.request.timeout.ms=5000\nschema.registry.retries=3\n";
  private static final String ALPHABET = "=:\\\n \t#!\"u0123456789ABCxyz,;.-_";

  @AfterEach
  void forgetTheSettings() {
    KafkaSecurity.use(Map.of());
  }

  @Test
  void kafkaSecurityFilesAreAcceptedOrRefusedWithoutShowingThePassword(@TempDir Path dir) {
    Path file = dir.resolve("kafka.properties");
    FuzzRun.Outcome outcome =
        FuzzRun.run(
            "Kafka security properties",
            51,
            2_000,
            random -> TextMutations.mutate(KAFKA, random, ALPHABET),
            text -> {
              Files.writeString(file, text);
              KafkaSecurity.use(KafkaSecurity.read(file));
            },
            IllegalArgumentException.class,
            message -> !message.contains(SECRET) && message.contains("Kafka"));
    assertThat(outcome.crashes()).isEmpty();
    assertThat(outcome.refused()).isPositive();
  }

  @Test
  void registryFilesAreAcceptedOrRefusedWithoutShowingThePassword(@TempDir Path dir) {
    Path file = dir.resolve("registry.properties");
    FuzzRun.Outcome outcome =
        FuzzRun.run(
            "schema registry properties",
            52,
            2_000,
            random -> TextMutations.mutate(REGISTRY, random, ALPHABET),
            text -> {
              Files.writeString(file, text);
              Map<String, Object> settings = new HashMap<>(KafkaSecurity.read(file));
              settings.put(RegistryClientConfig.URL, "http://registry:8081");
              RegistryClientConfig.fromProperties(settings);
            },
            IllegalArgumentException.class,
            message -> !message.contains(SECRET));
    assertThat(outcome.crashes()).isEmpty();
  }
}
