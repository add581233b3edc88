package io.platestream.sink.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.sink.SinkService;
import io.platestream.sink.testing.SinkTopics;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard over HTTPS with a key store made by the JDK's keytool: a client that trusts the
 * certificate signs in and gets a Secure cookie and HSTS; plain HTTP on the port gets nothing; a
 * wrong key store password stops the sink at start with the reason.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class TlsDashboardTest {
  private static final String PASSWORD = "keystore-secret";

  @Test
  void theDashboardServesOnlyHttpsWithASecureSessionCookie(
      EmbeddedPlatform platform, @TempDir Path dir) throws Exception {
    Path keyStore = TestCertificates.keyStore(dir.resolve("sink.p12"), "sink", PASSWORD);
    try (SchemaRegistryClient schemas = platform.newRegistryClient();
        SinkService sink =
            start(
                platform,
                schemas,
                dir,
                settings -> settings.withTls(new Tls(keyStore, PASSWORD)))) {
      assertThat(sink.url()).startsWith("https://127.0.0.1:");
      HttpClient https =
          HttpClient.newBuilder()
              .sslContext(TestCertificates.trusting(keyStore, "sink", PASSWORD))
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
      HttpResponse<String> health =
          https.send(
              HttpRequest.newBuilder(URI.create(sink.url() + "/health")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.headers().firstValue("Strict-Transport-Security")).isPresent();

      HttpResponse<String> signedIn =
          https.send(
              HttpRequest.newBuilder(URI.create(sink.url() + "/login"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString("user=operator&password=correct+horse"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(signedIn.statusCode()).isEqualTo(303);
      assertThat(signedIn.headers().firstValue("Set-Cookie").orElseThrow()).endsWith("; Secure");

      String plain = sink.url().replace("https://", "http://");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      boolean answeredInClear;
      try {
        HttpResponse<String> response =
            http.sendAsync(
                    HttpRequest.newBuilder(URI.create(plain + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .get(10, TimeUnit.SECONDS);
        answeredInClear = response.statusCode() == 200 && response.body().equals("ok\n");
      } catch (Exception e) {
        answeredInClear = false;
      }
      assertThat(answeredInClear).as("plain HTTP on the TLS port").isFalse();
    }
  }

  @Test
  void aPemKeyAndChainServeHttpsAndTheOperatorTokenGuardsTheMetrics(
      EmbeddedPlatform platform, @TempDir Path dir) throws Exception {
    Path keyStore = TestCertificates.keyStore(dir.resolve("sink.p12"), "sink", PASSWORD);
    Path pem = pem(keyStore, dir.resolve("sink.pem"));
    try (SchemaRegistryClient schemas = platform.newRegistryClient();
        SinkService sink =
            start(
                platform,
                schemas,
                dir,
                settings ->
                    settings.withTls(new Tls(pem, null)).withOperatorToken("scrape-token"))) {
      HttpClient https =
          HttpClient.newBuilder()
              .sslContext(TestCertificates.trusting(keyStore, "sink", PASSWORD))
              .build();
      assertThat(get(https, sink.url() + "/health", null).statusCode())
          .as("served with the PEM's key")
          .isEqualTo(200);
      HttpResponse<String> anonymous = get(https, sink.url() + "/metrics", null);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.body()).doesNotContain("platestream_hotlist");
      assertThat(get(https, sink.url() + "/metrics", "Bearer wrong-token").statusCode())
          .isEqualTo(401);
      HttpResponse<String> scraped = get(https, sink.url() + "/metrics", "Bearer scrape-token");
      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(scraped.body()).contains("platestream_hotlist_duplicates_total");
      assertThat(get(https, sink.url() + "/api/events", "Bearer scrape-token").statusCode())
          .as("the operator token opens the metrics, not the plates")
          .isEqualTo(401);
    }
  }

  @Test
  void pemFilesThatCannotServeAreRefusedWithTheReason(@TempDir Path dir) throws Exception {
    Path keyStore = TestCertificates.keyStore(dir.resolve("sink.p12"), "sink", PASSWORD);
    String pem = Files.readString(pem(keyStore, dir.resolve("sink.pem")));
    String key = pem.substring(0, pem.indexOf("-----BEGIN CERTIFICATE-----"));
    String certificate = pem.substring(pem.indexOf("-----BEGIN CERTIFICATE-----"));
    Map<String, String> refusals =
        Map.of(
            certificate,
            "holds no private key",
            key,
            "holds no certificate",
            key.replace("PRIVATE KEY", "RSA PRIVATE KEY") + certificate,
            "openssl pkcs8",
            key + certificate.replace("MII", "AAA"),
            "not an X.509 certificate",
            key.replace("MII", "AAA") + certificate,
            "not an RSA, EC or Ed25519",
            key + key + certificate,
            "more than one private key");
    for (Map.Entry<String, String> refusal : refusals.entrySet()) {
      Path file = Files.writeString(dir.resolve("bad.pem"), refusal.getKey());
      assertThatThrownBy(() -> new Tls(file, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("the TLS PEM file")
          .hasMessageContaining(refusal.getValue());
    }
  }

  /** A sink on 127.0.0.1 (any free port) for the operator, with {@code tls} applied. */
  private static SinkService start(
      EmbeddedPlatform platform,
      SchemaRegistryClient schemas,
      Path dir,
      java.util.function.UnaryOperator<SinkService.Settings> tls) {
    Access access =
        new Access("operator", "correct horse", List.of(), Duration.ofHours(1), Clock.systemUTC());
    return SinkService.start(
        platform.bootstrapServers(),
        schemas,
        tls.apply(
            SinkService.Settings.of(access, dir.resolve("state"))
                .withHttp("127.0.0.1", 0)
                .withTopics(SinkTopics.create(platform))),
        OperatorEndpoint.newRegistry(),
        List::of);
  }

  /** The key store's key (PKCS#8) and certificate as one PEM file, as a CA's tools give them. */
  private static Path pem(Path keyStore, Path file) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keyStore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    String text =
        "-----BEGIN PRIVATE KEY-----\n"
            + base64.encodeToString(store.getKey("sink", PASSWORD.toCharArray()).getEncoded())
            + "\n-----END PRIVATE KEY-----\n"
            + "-----BEGIN CERTIFICATE-----\n"
            + base64.encodeToString(store.getCertificate("sink").getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    return Files.writeString(file, text);
  }

  private static HttpResponse<String> get(HttpClient client, String url, String authorization)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aWrongKeyStorePasswordIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
    Path keyStore = TestCertificates.keyStore(dir.resolve("sink.p12"), "sink", PASSWORD);
    assertThatThrownBy(() -> new Tls(keyStore, "wrong"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be read as PKCS12 with that password");
    assertThatThrownBy(() -> new Tls(dir.resolve("none.p12"), PASSWORD))
        .hasMessageContaining("does not exist");
    assertThat(new Tls(keyStore, PASSWORD).toString()).doesNotContain(PASSWORD);
  }
}
