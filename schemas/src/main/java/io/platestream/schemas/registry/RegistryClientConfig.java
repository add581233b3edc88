package io.platestream.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Settings of a {@link RestSchemaRegistryClient}. Keys follow Confluent's serializer settings where
 * they exist, so a producer configuration written for Confluent's serde works unchanged.
 */
public record RegistryClientConfig(
    List<URI> urls,
    String basicAuthUserInfo,
    SSLContext sslContext,
    int maxRetries,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration requestTimeout) {

  public static final String URL = "schema.registry.url";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
  public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
  public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
  public static final String KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
  public static final String KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
  public static final String KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
  public static final String RETRIES = "schema.registry.retries";
  public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
  public static final String RETRY_BACKOFF_MAX_MS = "schema.registry.retry.backoff.max.ms";
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

  public RegistryClientConfig {
    if (urls == null || urls.isEmpty()) {
      throw new IllegalArgumentException(
          "at least one schema registry URL is required (" + URL + ")");
    }
    for (URI url : urls) {
      String scheme = url.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new IllegalArgumentException(
            "schema registry URL must start with http:// or https://, got '" + url + "'");
      }
    }
    if (basicAuthUserInfo != null && !basicAuthUserInfo.contains(":")) {
      throw new IllegalArgumentException(
          BASIC_AUTH_USER_INFO + " must have the form user:password");
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException(RETRIES + " must be >= 0, got " + maxRetries);
    }
    urls = List.copyOf(urls);
  }

  /**
   * A config with defaults: the JDK's trust store, 3 retries from 100 ms to 2 s, and basic auth
   * only when a URL carries {@code user:password@} (taken out of the URL, so it is never logged).
   */
  public static RegistryClientConfig of(String commaSeparatedUrls) {
    List<URI> urls = new ArrayList<>();
    String userInfo = null;
    for (URI url : parseUrls(commaSeparatedUrls)) {
      if (url.getRawUserInfo() != null) {
        userInfo = url.getUserInfo();
        try {
          url =
              new URI(
                  url.getScheme(),
                  null,
                  url.getHost(),
                  url.getPort(),
                  url.getPath(),
                  url.getQuery(),
                  null);
        } catch (java.net.URISyntaxException e) {
          throw new IllegalArgumentException("malformed schema registry URL", e);
        }
      }
      urls.add(url);
    }
    return new RegistryClientConfig(
        urls,
        userInfo,
        null,
        3,
        Duration.ofMillis(100),
        Duration.ofSeconds(2),
        Duration.ofSeconds(10));
  }

  public RegistryClientConfig withBasicAuth(String userInfo) {
    return new RegistryClientConfig(
        urls, userInfo, sslContext, maxRetries, initialBackoff, maxBackoff, requestTimeout);
  }

  public RegistryClientConfig withSslContext(SSLContext context) {
    return new RegistryClientConfig(
        urls, basicAuthUserInfo, context, maxRetries, initialBackoff, maxBackoff, requestTimeout);
  }

  public RegistryClientConfig withRetries(int retries, Duration initial, Duration max) {
    return new RegistryClientConfig(
        urls, basicAuthUserInfo, sslContext, retries, initial, max, requestTimeout);
  }

  /** Reads the Confluent-style keys above from a Kafka client configuration map. */
  public static RegistryClientConfig fromProperties(Map<String, ?> props) {
    Object url = props.get(URL);
    if (url == null || url.toString().isBlank()) {
      throw new IllegalArgumentException("missing required setting " + URL);
    }
    RegistryClientConfig config = of(url.toString());
    String userInfo = string(props, BASIC_AUTH_USER_INFO);
    if (userInfo == null) {
      userInfo = config.basicAuthUserInfo; // from the URL
    }
    SSLContext ssl = sslContextFrom(props);
    int retries = integer(props, RETRIES, config.maxRetries);
    long backoff = integer(props, RETRY_BACKOFF_MS, (int) config.initialBackoff.toMillis());
    long maxBackoff = integer(props, RETRY_BACKOFF_MAX_MS, (int) config.maxBackoff.toMillis());
    long timeout = integer(props, REQUEST_TIMEOUT_MS, (int) config.requestTimeout.toMillis());
    return new RegistryClientConfig(
        config.urls,
        userInfo,
        ssl,
        retries,
        Duration.ofMillis(backoff),
        Duration.ofMillis(maxBackoff),
        Duration.ofMillis(timeout));
  }

  static List<URI> parseUrls(String commaSeparated) {
    List<URI> result = new ArrayList<>();
    if (commaSeparated != null) {
      for (String part : commaSeparated.split(",")) {
        String trimmed = part.trim();
        if (!trimmed.isEmpty()) {
          try {
            result.add(URI.create(trimmed.endsWith("/") ? trimmed : trimmed + "/"));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "malformed schema registry URL '" + trimmed + "'", e);
          }
        }
      }
    }
    return result;
  }

  private static SSLContext sslContextFrom(Map<String, ?> props) {
    String trustStore = string(props, TRUSTSTORE_LOCATION);
    String keyStore = string(props, KEYSTORE_LOCATION);
    if (trustStore == null && keyStore == null) {
      return null;
    }
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      TrustManagerFactory tmf = null;
      if (trustStore != null) {
        KeyStore store =
            load(trustStore, string(props, TRUSTSTORE_PASSWORD), string(props, TRUSTSTORE_TYPE));
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
      }
      KeyManagerFactory kmf = null;
      if (keyStore != null) {
        String password = string(props, KEYSTORE_PASSWORD);
        KeyStore store = load(keyStore, password, string(props, KEYSTORE_TYPE));
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password == null ? new char[0] : password.toCharArray());
      }
      context.init(
          kmf == null ? null : kmf.getKeyManagers(),
          tmf == null ? null : tmf.getTrustManagers(),
          null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot set up TLS for the schema registry: " + e.getMessage(), e);
    }
  }

  private static KeyStore load(String location, String password, String type)
      throws GeneralSecurityException {
    Path path = Path.of(location);
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore store = KeyStore.getInstance(type == null ? "PKCS12" : type);
      store.load(in, password == null ? null : password.toCharArray());
      return store;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read key store " + path.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  private static String string(Map<String, ?> props, String key) {
    Object value = props.get(key);
    return value == null || value.toString().isBlank() ? null : value.toString();
  }

  private static int integer(Map<String, ?> props, String key, int fallback) {
    Object value = props.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + value + "'");
    }
  }
}
