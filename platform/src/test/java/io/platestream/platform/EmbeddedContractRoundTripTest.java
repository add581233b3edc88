package io.platestream.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.schemas.ContractExamples;
import io.platestream.schemas.ContractRoundTrip;
import io.platestream.schemas.Frame;
import io.platestream.schemas.embedded.EmbeddedSchemaRegistry;
import io.platestream.schemas.registry.RestSchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The contract round trip over the real in-process broker and the embedded registry. */
@ExtendWith(EmbeddedPlatformExtension.class)
class EmbeddedContractRoundTripTest extends ContractRoundTripContract {
  private EmbeddedPlatform platform;

  @BeforeEach
  void setUp(EmbeddedPlatform platform) {
    this.platform = platform;
  }

  @Override
  String bootstrapServers() {
    return platform.bootstrapServers();
  }

  @Override
  String schemaRegistryUrl() {
    return platform.schemaRegistryUrl();
  }

  @Test
  void recordsStayReadableAfterTheRegistryRestartsOnItsTopic() {
    String storeTopic = TestTopics.unique("_schemas_restart");
    String suffix = "." + TestTopics.unique("restart");
    platform
        .kafka()
        .createTopics(1, ContractRoundTrip.examples(suffix).keySet().toArray(String[]::new));
    EmbeddedSchemaRegistry.Settings settings =
        EmbeddedSchemaRegistry.Settings.defaults(platform.bootstrapServers()).withTopic(storeTopic);

    List<ContractRoundTrip.Result> before;
    try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(settings)) {
      before =
          ContractRoundTrip.run(
              platform.bootstrapServers(), new RestSchemaRegistryClient(registry.url()), suffix);
    }
    try (EmbeddedSchemaRegistry restarted = EmbeddedSchemaRegistry.start(settings)) {
      RestSchemaRegistryClient fresh = new RestSchemaRegistryClient(restarted.url());
      for (ContractRoundTrip.Result result : before) {
        String subject = result.topic() + "-value";
        assertThat(fresh.latest(subject).id()).as(subject).isEqualTo(result.schemaId());
        assertThat(fresh.register(subject, result.sent().getSchema()))
            .as(subject)
            .isEqualTo(result.schemaId());
      }
      // A record written before the restart still decodes with a client that never saw it.
      byte[] frameBytes =
          new io.platestream.schemas.serde.AvroSerializer<>(fresh)
              .serialize("platestream.frames" + suffix, ContractExamples.frame());
      assertThat(
              new AvroDeserializer<>(Frame.class, new RestSchemaRegistryClient(restarted.url()))
                  .deserialize("platestream.frames" + suffix, frameBytes))
          .isEqualTo(ContractExamples.frame());
    }
  }
}
