package io.platestream.schemas;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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
        // Only a name that looks like one is quoted: a line broken inside a value can make a
        // password the "name".
        String named =
            key.matches("[a-z][a-z0-9]*([.-][a-z0-9]+)*") && key.length() <= 80
                ? "Kafka property '" + key + "'"
                : "A Kafka property name of "
                    + key.length()
                    + " characters that is not a name"
                    + " (a line broken inside a value?)";
        throw new IllegalArgumentException(
            named + " is not a security property (security.protocol, sasl.*, ssl.*)");
      }
    }
    check(security);
    properties = Map.copyOf(security);
  }

  /**
   * Checks the values as a Kafka client would parse them (protocol names, numbers, lists), so a
   * typo stops the command at start with the property named; passwords stay hidden (Kafka prints
   * password-typed values as [hidden]).
   */
  private static void check(Map<String, String> security) {
    Map<String, Object> config = new HashMap<>(security);
    config.put("bootstrap.servers", "localhost:9092");
    try {
      new org.apache.kafka.clients.admin.AdminClientConfig(config);
    } catch (org.apache.kafka.common.config.ConfigException e) {
      throw new IllegalArgumentException("Kafka security settings: " + e.getMessage(), e);
    }
  }

  /** Security properties from a Java properties file (as Kafka's own tools read them). */
  public static Map<String, String> read(Path file) {
    Properties loaded = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      loaded.load(in);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException("Kafka properties " + file + " are not UTF-8 text", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Kafka properties " + file, e);
    } catch (IllegalArgumentException e) {
      // Properties.load's only complaint: a broken \\uXXXX escape (the line is not quoted: it
      // may hold a password).
      throw new IllegalArgumentException(
          "Kafka properties " + file + " hold a broken \\u escape: " + e.getMessage(), e);
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
