package io.platestream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.Frame;
import io.platestream.schemas.PlateRead;
import io.platestream.schemas.embedded.EmbeddedSchemaRegistry;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestCertificates;
import io.platestream.testing.TestTopics;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The client against the real embedded registry, with faults injected by a proxy where needed. */
@ExtendWith(EmbeddedPlatformExtension.class)
class RestSchemaRegistryClientTest {

  @Test
  void retriesServerErrorsWithBackoffThenSucceeds(EmbeddedPlatform platform) throws IOException {
    try (FaultyProxy proxy = new FaultyProxy(platform.schemaRegistryUrl())) {
      RestSchemaRegistryClient client =
          new RestSchemaRegistryClient(
              RegistryClientConfig.of(proxy.url())
                  .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(40)));
      proxy.failNext(2);

      int id = client.register(TestTopics.unique("retry") + "-value", Frame.getClassSchema());

      assertThat(id).isPositive();
      assertThat(proxy.refused.get()).isEqualTo(2);
      assertThat(proxy.forwarded).hasSize(1);
    }
  }

  @Test
  void givesUpAfterTheConfiguredRetriesNamingTheLastFailure(EmbeddedPlatform platform)
      throws IOException {
    try (FaultyProxy proxy = new FaultyProxy(platform.schemaRegistryUrl())) {
      RestSchemaRegistryClient client =
          new RestSchemaRegistryClient(
              RegistryClientConfig.of(proxy.url())
                  .withRetries(2, Duration.ofMillis(5), Duration.ofMillis(10)));
      proxy.failNext(10);

      assertThatThrownBy(() -> client.getById(1))
          .isInstanceOf(SchemaRegistryException.class)
          .hasMessageContaining("unavailable after 3 attempts")
          .hasMessageContaining("injected outage");
      assertThat(proxy.refused.get()).isEqualTo(3);
    }
  }

  @Test
  void clientErrorsAreNotRetried(EmbeddedPlatform platform) throws IOException {
    try (FaultyProxy proxy = new FaultyProxy(platform.schemaRegistryUrl())) {
      RestSchemaRegistryClient client = new RestSchemaRegistryClient(proxy.url());

      assertThatThrownBy(() -> client.getById(5))
          .isInstanceOf(SchemaRegistryException.class)
          .hasMessageContaining("40403");
      assertThat(proxy.forwarded).hasSize(1);
    }
  }

  @Test
  void anIdIsFetchedAtMostOncePerClient(EmbeddedPlatform platform) throws IOException {
    int id;
    try (SchemaRegistryClient direct = platform.newRegistryClient()) {
      id = direct.register(TestTopics.unique("cache") + "-value", PlateRead.getClassSchema());
    }
    try (FaultyProxy proxy = new FaultyProxy(platform.schemaRegistryUrl())) {
      RestSchemaRegistryClient client = new RestSchemaRegistryClient(proxy.url());
      for (int i = 0; i < 5; i++) {
        assertThat(client.getById(id)).isEqualTo(PlateRead.getClassSchema());
      }
      String subject = TestTopics.unique("cache2") + "-value";
      client.register(subject, Frame.getClassSchema());
      client.register(subject, Frame.getClassSchema());
      // An equal schema parsed anew is the same registration: the cache compares schemas, not
      // object identity.
      Schema reparsed = new Schema.Parser().parse(Frame.getClassSchema().toString());
      client.register(subject, reparsed);
      for (int i = 0; i < 3; i++) {
        assertThat(client.lookup(subject, Frame.getClassSchema()).version()).isEqualTo(1);
      }

      assertThat(proxy.forwarded)
          .containsExactly(
              "GET /schemas/ids/" + id,
              "POST /subjects/" + subject + "/versions",
              "POST /subjects/" + subject);
    }
  }

  @Test
  void eachSubjectHasItsOwnRegistration(EmbeddedPlatform platform) throws IOException {
    try (FaultyProxy proxy = new FaultyProxy(platform.schemaRegistryUrl())) {
      RestSchemaRegistryClient client = new RestSchemaRegistryClient(proxy.url());
      String first = TestTopics.unique("subject-a") + "-value";
      String second = TestTopics.unique("subject-b") + "-value";

      int a = client.register(first, Frame.getClassSchema());
      int b = client.register(second, Frame.getClassSchema());
      int again = client.register(first, Frame.getClassSchema());

      // One schema has one id whatever the subject, but each subject is registered once.
      assertThat(b).isEqualTo(a);
      assertThat(again).isEqualTo(a);
      assertThat(proxy.forwarded)
          .containsExactly(
              "POST /subjects/" + first + "/versions", "POST /subjects/" + second + "/versions");
    }
  }

  @Test
  void failsOverToTheNextUrlWhenOneIsDown(EmbeddedPlatform platform) throws IOException {
    String deadUrl = "http://127.0.0.1:" + freePort();
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(
            RegistryClientConfig.of(deadUrl + "," + platform.schemaRegistryUrl())
                .withRetries(2, Duration.ofMillis(5), Duration.ofMillis(10)));

    assertThat(client.register(TestTopics.unique("failover") + "-value", Frame.getClassSchema()))
        .isPositive();
  }

  @Test
  void unreachableRegistryIsAClearError() throws IOException {
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(
            RegistryClientConfig.of("http://127.0.0.1:" + freePort())
                .withRetries(1, Duration.ofMillis(5), Duration.ofMillis(5)));

    assertThatThrownBy(client::subjects)
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("unavailable after 2 attempts")
        .hasMessageContaining("GET http://127.0.0.1:");
  }

  @Test
  void speaksTlsAndBasicAuth(EmbeddedPlatform platform, @TempDir Path dir) throws Exception {
    Path keyStore = TestCertificates.keyStore(dir.resolve("registry.p12"), "registry", "secret1");
    Path trustStore =
        TestCertificates.trustStore(
            keyStore, "registry", "secret1", dir.resolve("trust.p12"), "secret2");

    EmbeddedSchemaRegistry.Settings settings =
        EmbeddedSchemaRegistry.Settings.defaults(platform.bootstrapServers())
            .withTopic(TestTopics.unique("_schemas_tls"))
            .withTls(TestCertificates.serverContext(keyStore, "secret1"))
            .withBasicAuth("alice:s3cret");
    try (EmbeddedSchemaRegistry secured = EmbeddedSchemaRegistry.start(settings)) {
      assertThat(secured.url()).startsWith("https://");
      Map<String, Object> props =
          Map.of(
              RegistryClientConfig.URL,
              secured.url(),
              RegistryClientConfig.TRUSTSTORE_LOCATION,
              trustStore.toString(),
              RegistryClientConfig.TRUSTSTORE_PASSWORD,
              "secret2",
              RegistryClientConfig.BASIC_AUTH_USER_INFO,
              "alice:s3cret");
      RestSchemaRegistryClient client =
          new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(props));
      int id = client.register("secure-value", Frame.getClassSchema());
      assertThat(client.getById(id)).isEqualTo(Frame.getClassSchema());

      Map<String, Object> wrongPassword = new java.util.HashMap<>(props);
      wrongPassword.put(RegistryClientConfig.BASIC_AUTH_USER_INFO, "alice:guess");
      RestSchemaRegistryClient intruder =
          new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(wrongPassword));
      assertThatThrownBy(intruder::subjects)
          .isInstanceOf(SchemaRegistryException.class)
          .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(401));

      RestSchemaRegistryClient untrusting =
          new RestSchemaRegistryClient(
              RegistryClientConfig.of(secured.url())
                  .withBasicAuth("alice:s3cret")
                  .withRetries(0, Duration.ZERO, Duration.ZERO));
      assertThatThrownBy(untrusting::subjects)
          .isInstanceOf(SchemaRegistryException.class)
          .hasMessageContaining("unavailable");
    }
  }

  @Test
  void configurationMistakesAreNamed() {
    assertThatThrownBy(() -> RegistryClientConfig.fromProperties(Map.of()))
        .hasMessageContaining("missing required setting schema.registry.url");
    assertThatThrownBy(() -> RegistryClientConfig.of("localhost:8081"))
        .hasMessageContaining("must start with http:// or https://");
    assertThatThrownBy(() -> RegistryClientConfig.of("http://r:8081").withBasicAuth("alice"))
        .hasMessageContaining("user:password");
    assertThatThrownBy(
            () ->
                RegistryClientConfig.fromProperties(
                    Map.of(
                        RegistryClientConfig.URL,
                        "http://r",
                        RegistryClientConfig.RETRIES,
                        "many")))
        .hasMessageContaining("schema.registry.retries must be an integer");
    assertThatThrownBy(
            () ->
                RegistryClientConfig.fromProperties(
                    Map.of(
                        RegistryClientConfig.URL,
                        "https://r",
                        RegistryClientConfig.TRUSTSTORE_LOCATION,
                        "/no/such/trust.p12")))
        .hasMessageContaining("/no/such/trust.p12");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
