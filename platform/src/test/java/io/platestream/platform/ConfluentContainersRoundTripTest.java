package io.platestream.platform;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.ConfluentKafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same contract round trip against Confluent's Kafka and Schema Registry images, proving that
 * the serde and registry client speak to the real Confluent registry. Needs a Docker engine: it
 * skips itself where there is none (as on the build machines of this project).
 */
@Testcontainers(disabledWithoutDocker = true)
class ConfluentContainersRoundTripTest extends ContractRoundTripContract {
  private static final String CONFLUENT_VERSION = "7.9.0";
  private static Network network;
  private static ConfluentKafkaContainer kafka;
  private static GenericContainer<?> registry;

  @BeforeAll
  static void startContainers() {
    network = Network.newNetwork();
    kafka =
        new ConfluentKafkaContainer(
                DockerImageName.parse("confluentinc/cp-kafka:" + CONFLUENT_VERSION))
            .withNetwork(network)
            .withNetworkAliases("kafka");
    kafka.start();
    registry =
        new GenericContainer<>(
                DockerImageName.parse("confluentinc/cp-schema-registry:" + CONFLUENT_VERSION))
            .withNetwork(network)
            .withExposedPorts(8081)
            .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
            .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
            .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:9093")
            .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));
    registry.start();
  }

  @AfterAll
  static void stopContainers() {
    if (registry != null) registry.stop();
    if (kafka != null) kafka.stop();
    if (network != null) network.close();
  }

  @Override
  String bootstrapServers() {
    return kafka.getBootstrapServers();
  }

  @Override
  String schemaRegistryUrl() {
    return "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
  }
}
