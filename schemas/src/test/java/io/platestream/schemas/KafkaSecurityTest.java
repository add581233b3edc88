package io.platestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Security settings are read from Kafka's properties format and only security settings pass. */
class KafkaSecurityTest {
  @AfterEach
  void reset() {
    KafkaSecurity.use(Map.of());
  }

  @Test
  void aPropertiesFileIsReadAndItsSettingsReachEveryConfiguration(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(
        file,
        "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
            + "ssl.truststore.location=/etc/kafka/truststore.p12\n");
    KafkaSecurity.use(KafkaSecurity.read(file));
    Map<String, Object> config = KafkaSecurity.applyTo(new HashMap<>(Map.of("acks", "all")));
    assertThat(config)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
        .containsEntry("acks", "all");
  }

  @Test
  void aDeliverySettingIsNotASecuritySettingAndIsRefused() {
    assertThatThrownBy(() -> KafkaSecurity.use(Map.of("acks", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Kafka property 'acks' is not a security property (security.protocol, sasl.*, ssl.*)");
    assertThat(KafkaSecurity.properties()).isEmpty();
  }
}
