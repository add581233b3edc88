package io.platestream.platform;

import io.platestream.schemas.embedded.EmbeddedSchemaRegistry;
import io.platestream.schemas.registry.RestSchemaRegistryClient;
import io.platestream.schemas.registry.SchemaRegistryClient;

/**
 * Everything a single machine needs to run PlateStream with nothing installed: a real in-process
 * Kafka broker and a schema registry stored on it. The demo and the integration tests start this.
 */
public final class EmbeddedPlatform implements AutoCloseable {
  private final EmbeddedKafka kafka;
  private final EmbeddedSchemaRegistry registry;

  private EmbeddedPlatform(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) {
    this.kafka = kafka;
    this.registry = registry;
  }

  /** Starts the broker, then the registry on port {@code registryPort} (0 picks a free port). */
  public static EmbeddedPlatform start(int registryPort) {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    try {
      EmbeddedSchemaRegistry registry =
          EmbeddedSchemaRegistry.start(
              EmbeddedSchemaRegistry.Settings.defaults(kafka.bootstrapServers())
                  .withPort(registryPort));
      return new EmbeddedPlatform(kafka, registry);
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
  }

  public static EmbeddedPlatform start() {
    return start(0);
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String schemaRegistryUrl() {
    return registry.url();
  }

  /** A new client of the embedded registry; the caller closes it. */
  public SchemaRegistryClient newRegistryClient() {
    return new RestSchemaRegistryClient(registry.url());
  }

  @Override
  public void close() {
    registry.close();
    kafka.close();
  }
}
