package io.platestream.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.schemas.ContractRoundTrip;
import io.platestream.schemas.registry.RestSchemaRegistryClient;
import io.platestream.schemas.registry.SchemaRegistryClient;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * The round trip every Kafka + registry pair must pass: each contract produced through the serde
 * and the registry comes back equal. Run against the embedded pair and, where Docker exists,
 * against Confluent's own images.
 */
abstract class ContractRoundTripContract {

  abstract String bootstrapServers();

  abstract String schemaRegistryUrl();

  @Test
  void everyContractComesBackEqual() throws Exception {
    String suffix = "." + getClass().getSimpleName() + "." + System.nanoTime();
    var topics = ContractRoundTrip.examples(suffix).keySet();
    try (Admin admin =
        Admin.create(
            java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      admin
          .createTopics(topics.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList())
          .all()
          .get();
    }
    try (SchemaRegistryClient registry = new RestSchemaRegistryClient(schemaRegistryUrl())) {
      List<ContractRoundTrip.Result> results =
          ContractRoundTrip.run(bootstrapServers(), registry, suffix);

      assertThat(results).hasSize(6);
      for (ContractRoundTrip.Result result : results) {
        assertThat(result.received()).as(result.topic()).isEqualTo(result.sent());
        assertThat(registry.getById(result.schemaId())).isEqualTo(result.sent().getSchema());
      }
    }
  }
}
