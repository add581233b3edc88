package io.platestream.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.schemas.Topics;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Topics made as planned on the real broker, and existing ones checked. */
@ExtendWith(EmbeddedPlatformExtension.class)
class TopicCreatorTest {

  @Test
  void missingTopicsAreMadeAsPlannedAndMakingThemAgainChangesNothing(EmbeddedPlatform platform)
      throws Exception {
    TopicLayout.Plan frames = rename(TopicLayout.of(Topics.FRAMES, 4), TestTopics.unique("frames"));
    TopicLayout.Plan models = rename(TopicLayout.of(Topics.MODELS, 4), TestTopics.unique("models"));

    TopicCreator.ensure(platform.bootstrapServers(), List.of(frames, models));
    TopicCreator.ensure(platform.bootstrapServers(), List.of(frames, models));

    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()))) {
      var descriptions =
          admin
              .describeTopics(List.of(frames.topic(), models.topic()))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS);
      assertThat(descriptions.get(frames.topic()).partitions()).hasSize(4);
      assertThat(descriptions.get(models.topic()).partitions()).hasSize(1);
      Config framesConfig = config(admin, frames.topic());
      assertThat(framesConfig.get("max.message.bytes").value()).isEqualTo("8388608");
      assertThat(framesConfig.get("retention.ms").value()).isEqualTo("3600000");
      assertThat(config(admin, models.topic()).get("cleanup.policy").value()).isEqualTo("compact");
    }
  }

  @Test
  void theFramesDeadLetterTopicTakesFramesAsLargeAsTheFramesTopic() {
    assertThat(TopicLayout.of(Topics.deadLetter(Topics.FRAMES), 4).recommended())
        .containsEntry("max.message.bytes", TopicLayout.FRAME_MAX_MESSAGE_BYTES);
    assertThat(TopicLayout.of(Topics.deadLetter(Topics.PLATES), 4).recommended())
        .doesNotContainKey("max.message.bytes");
  }

  @Test
  void anExistingRegistryTopicThatIsNotCompactedIsRefusedByName(EmbeddedPlatform platform) {
    String name = TestTopics.create(platform, "models", 1); // made with the defaults: delete
    TopicLayout.Plan models = rename(TopicLayout.of(Topics.MODELS, 6), name);

    assertThatThrownBy(() -> TopicCreator.ensure(platform.bootstrapServers(), List.of(models)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(name + " has cleanup.policy=delete, it must be compact");
  }

  private static TopicLayout.Plan rename(TopicLayout.Plan plan, String topic) {
    return new TopicLayout.Plan(topic, plan.partitions(), plan.required(), plan.recommended());
  }

  private static Config config(Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
  }
}
