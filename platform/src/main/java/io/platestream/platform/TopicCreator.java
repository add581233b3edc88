package io.platestream.platform;

import io.platestream.schemas.KafkaSecurity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics a process needs, and checks those that already exist: a required config that
 * differs (a registry that is not compacted) stops the process with the difference named; a
 * recommended one, or fewer partitions than planned, is logged.
 */
public final class TopicCreator {
  private static final Logger log = LoggerFactory.getLogger(TopicCreator.class);

  private TopicCreator() {}

  /** Creates each topic that is missing; waits up to 30 s for the cluster to confirm. */
  public static void createMissing(String bootstrapServers, List<NewTopic> topics) {
    try (Admin admin = admin(bootstrapServers)) {
      create(admin, topics);
    }
  }

  /**
   * Creates the missing topics as planned and checks the existing ones.
   *
   * @throws IllegalStateException naming each existing topic whose required configs differ
   */
  public static void ensure(String bootstrapServers, List<TopicLayout.Plan> plans) {
    try (Admin admin = admin(bootstrapServers)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      List<TopicLayout.Plan> present = new ArrayList<>();
      for (TopicLayout.Plan plan : plans) {
        if (existing.contains(plan.topic())) {
          present.add(plan);
        } else {
          Map<String, String> configs = new HashMap<>(plan.recommended());
          configs.putAll(plan.required());
          missing.add(
              new NewTopic(plan.topic(), plan.partitions(), java.util.Optional.empty())
                  .configs(configs));
        }
      }
      create(admin, missing);
      check(admin, present);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot list or describe topics: " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer within 30 s while checking topics", e);
    }
  }

  private static void check(Admin admin, List<TopicLayout.Plan> plans)
      throws ExecutionException, InterruptedException, TimeoutException {
    if (plans.isEmpty()) {
      return;
    }
    List<ConfigResource> resources =
        plans.stream().map(p -> new ConfigResource(ConfigResource.Type.TOPIC, p.topic())).toList();
    Map<ConfigResource, Config> configs =
        admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
    Map<String, TopicDescription> descriptions =
        admin
            .describeTopics(plans.stream().map(TopicLayout.Plan::topic).toList())
            .allTopicNames()
            .get(30, TimeUnit.SECONDS);
    List<String> wrong = new ArrayList<>();
    for (TopicLayout.Plan plan : plans) {
      Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, plan.topic()));
      plan.required()
          .forEach(
              (key, value) -> {
                String actual = config.get(key) == null ? null : config.get(key).value();
                if (actual == null || !actual.contains(value)) {
                  wrong.add(plan.topic() + " has " + key + "=" + actual + ", it must be " + value);
                }
              });
      plan.recommended()
          .forEach(
              (key, value) -> {
                String actual = config.get(key) == null ? null : config.get(key).value();
                if (!value.equals(actual)) {
                  log.warn(
                      "topic {} has {}={}; {} is recommended", plan.topic(), key, actual, value);
                }
              });
      int partitions = descriptions.get(plan.topic()).partitions().size();
      plan.partitions()
          .filter(planned -> partitions < planned)
          .ifPresent(
              planned ->
                  log.info(
                      "topic {} has {} partition(s), fewer than the {} planned: at most {} stage"
                          + " instances share its work",
                      plan.topic(),
                      partitions,
                      planned,
                      partitions));
    }
    if (!wrong.isEmpty()) {
      throw new IllegalStateException(
          "existing topics do not fit: "
              + String.join("; ", wrong)
              + " (fix them with kafka-configs.sh, or use other topic names)");
    }
  }

  private static void create(Admin admin, List<NewTopic> topics) {
    try {
      for (var result : admin.createTopics(topics).values().entrySet()) {
        try {
          result.getValue().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "cannot create topic " + result.getKey() + ": " + e.getCause().getMessage(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not create topics within 30 s", e);
    }
  }

  private static Admin admin(String bootstrapServers) {
    return Admin.create(
        KafkaSecurity.applyTo(
            new java.util.HashMap<String, Object>(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))));
  }
}
