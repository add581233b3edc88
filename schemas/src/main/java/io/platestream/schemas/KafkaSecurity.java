package io.platestream.schemas;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How every Kafka client of this process authenticates and encrypts: Kafka's own client properties
 * ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}), set once when a command starts and
 * merged into every producer, consumer, Streams and admin configuration the project builds. One
 * place, so no client is left talking in clear to a secured cluster. Other properties are refused:
 * the stages' delivery settings (exactly-once, acks) are not the operator's to loosen here.
 */
public final class KafkaSecurity {
  private static volatile Map<String, String> properties = Map.of();

  private KafkaSecurity() {}

  /**
   * Uses these properties for every client made from now on.
   *
   * @throws IllegalArgumentException naming a property that is not a security property
   */
  public static void use(Map<String, String> security) {
    for (String key : security.keySet()) {
      if (!key.equals("security.protocol") && !key.startsWith("sasl.") && !key.startsWith("ssl.")) {
        throw new IllegalArgumentException(
            "Kafka property '"
                + key
                + "' is not a security property (security.protocol, sasl.*, ssl.*)");
      }
    }
    properties = Map.copyOf(security);
  }

  /** Security properties from a Java properties file (as Kafka's own tools read them). */
  public static Map<String, String> read(Path file) {
    Properties loaded = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      loaded.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Kafka properties " + file, e);
    }
    Map<String, String> map = new LinkedHashMap<>();
    loaded.stringPropertyNames().forEach(name -> map.put(name, loaded.getProperty(name).strip()));
    return map;
  }

  public static Map<String, String> properties() {
    return properties;
  }

  /** {@code config} with the security properties added (they win over any already there). */
  public static <M extends Map<String, Object>> M applyTo(M config) {
    config.putAll(properties);
    return config;
  }

  public static Properties applyTo(Properties config) {
    config.putAll(properties);
    return config;
  }
}
