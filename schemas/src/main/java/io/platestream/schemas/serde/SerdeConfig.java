package io.platestream.schemas.serde;

import java.util.Map;

/**
 * Serializer settings beyond the registry connection (which {@code RegistryClientConfig} reads).
 */
final class SerdeConfig {
  /** Confluent's key: register the writer schema on first use (default true). */
  static final String AUTO_REGISTER = "auto.register.schemas";

  static boolean autoRegister(Map<String, ?> configs) {
    Object value = configs.get(AUTO_REGISTER);
    return value == null || Boolean.parseBoolean(value.toString());
  }

  static String subject(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }

  private SerdeConfig() {}
}
