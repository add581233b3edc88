package io.platestream.pipeline;

import io.platestream.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka ACLs each PlateStream process needs on a cluster that denies what is not granted: one
 * principal per stage, each allowed to read its input, write its outputs and dead letters, and run
 * its own consumer groups and transactions. Only the {@link Role#MODELS} principal may write the
 * model registry and its artifacts; the stages only read them.
 */
public final class StageAcls {
  private StageAcls() {}

  /** What a principal does in the pipeline. */
  public enum Role {
    /** {@code platestream ingest}: cameras to frames. */
    INGEST,
    /**
     * {@code platestream detect}: frames to plates (Streams application {@code
     * platestream-detect}).
     */
    DETECT,
    /** {@code platestream recognize}: plates to reads and events. */
    RECOGNIZE,
    /** {@code platestream sink}: events to the history, alerts and dashboard. */
    SINK,
    /** The operator who publishes and promotes models ({@code models}, {@code train --publish}). */
    MODELS,
    /** The schema registry's own storage topic. */
    REGISTRY
  }

  /** Every grant of {@code principal} (such as {@code User:detect}) in {@code role}. */
  public static List<AclBinding> grants(String principal, Role role) {
    Grants grants = new Grants(principal);
    if (role != Role.REGISTRY) {
      // Every command checks the pipeline's topics exist with the right settings before it starts.
      grants.prefixedTopic("platestream.", AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
      grants.cluster(AclOperation.IDEMPOTENT_WRITE);
    }
    switch (role) {
      case INGEST -> {
        grants.topics(AclOperation.WRITE, Topics.FRAMES, Topics.LEDGER);
        // Its ledger rows carry on from the last ones: read once at start, without a group.
        grants.topic(Topics.LEDGER, AclOperation.READ);
      }
      case DETECT -> {
        grants.topic(Topics.FRAMES, AclOperation.READ);
        grants.topics(
            AclOperation.WRITE,
            Topics.PLATES,
            Topics.deadLetter(Topics.FRAMES),
            Topics.SHADOW,
            Topics.LEDGER);
        grants.modelsReader();
        grants.streamsApplication("platestream-detect");
      }
      case RECOGNIZE -> {
        grants.topic(Topics.PLATES, AclOperation.READ);
        grants.topics(
            AclOperation.WRITE,
            Topics.READS,
            Topics.EVENTS,
            Topics.deadLetter(Topics.PLATES),
            Topics.SHADOW,
            Topics.LEDGER);
        grants.modelsReader();
        grants.streamsApplication("platestream-recognize");
      }
      case SINK -> {
        grants.topics(
            AclOperation.READ, Topics.EVENTS, Topics.WATCHLISTS, Topics.LABELS, Topics.MODELS);
        grants.topics(
            AclOperation.WRITE,
            Topics.ALERTS,
            Topics.deadLetter(Topics.EVENTS),
            Topics.WATCHLISTS,
            Topics.LABELS);
        grants.streamsApplication("platestream-hotlist");
        grants.group("platestream-history", PatternType.PREFIXED);
        grants.group("platestream-webhook", PatternType.PREFIXED);
        grants.topic(Topics.ALERTS, AclOperation.READ);
      }
      case MODELS -> {
        grants.topics(AclOperation.READ, Topics.MODELS, Topics.ARTIFACTS);
        grants.topics(AclOperation.WRITE, Topics.MODELS, Topics.ARTIFACTS);
        grants.topics(AclOperation.CREATE, Topics.MODELS, Topics.ARTIFACTS);
        grants.topic(Topics.SHADOW, AclOperation.READ);
      }
      case REGISTRY -> {
        grants.topic("_schemas", AclOperation.ALL);
        grants.group("schema-registry", PatternType.PREFIXED);
        grants.cluster(AclOperation.IDEMPOTENT_WRITE);
      }
    }
    return grants.list();
  }

  /**
   * The grants as {@code kafka-acls.sh} command lines (one per grant), for a cluster set up by hand
   * or by the compose file's init container.
   */
  public static List<String> kafkaAclsCommands(List<AclBinding> bindings, String commandConfig) {
    List<String> lines = new ArrayList<>();
    for (AclBinding binding : bindings) {
      ResourcePattern pattern = binding.pattern();
      String resource =
          switch (pattern.resourceType()) {
            case TOPIC -> "--topic " + pattern.name();
            case GROUP -> "--group " + pattern.name();
            case TRANSACTIONAL_ID -> "--transactional-id " + pattern.name();
            case CLUSTER -> "--cluster";
            default -> throw new IllegalArgumentException("no kafka-acls.sh flag for " + pattern);
          };
      lines.add(
          "kafka-acls.sh --bootstrap-server \"$BOOTSTRAP\" --command-config "
              + commandConfig
              + " --add --allow-principal "
              + binding.entry().principal()
              + " --operation "
              + operationFlag(binding.entry().operation())
              + " "
              + resource
              + (pattern.patternType() == PatternType.PREFIXED
                  ? " --resource-pattern-type prefixed"
                  : ""));
    }
    return lines;
  }

  private static String operationFlag(AclOperation operation) {
    // kafka-acls.sh spells operations in camel case: IdempotentWrite, DescribeConfigs.
    StringBuilder flag = new StringBuilder();
    for (String word : operation.name().split("_")) {
      flag.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return flag.toString();
  }

  /** Collects one principal's grants. */
  private static final class Grants {
    private final String principal;
    private final List<AclBinding> bindings = new ArrayList<>();

    Grants(String principal) {
      if (!principal.matches("[A-Za-z]+:.+")) {
        throw new IllegalArgumentException(
            "a Kafka principal looks like User:name, got '" + principal + "'");
      }
      this.principal = principal;
    }

    void topic(String name, AclOperation operation) {
      add(ResourceType.TOPIC, name, PatternType.LITERAL, operation);
    }

    void topics(AclOperation operation, String... names) {
      for (String name : names) {
        topic(name, operation);
      }
    }

    void prefixedTopic(String prefix, AclOperation... operations) {
      for (AclOperation operation : operations) {
        add(ResourceType.TOPIC, prefix, PatternType.PREFIXED, operation);
      }
    }

    void group(String name, PatternType type) {
      add(ResourceType.GROUP, name, type, AclOperation.READ);
    }

    void cluster(AclOperation operation) {
      add(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, operation);
    }

    /** The model registry and artifacts, read to load and hot-swap models. */
    void modelsReader() {
      topics(AclOperation.READ, Topics.MODELS, Topics.ARTIFACTS);
    }

    /**
     * A Kafka Streams application: its consumer group, its transactions (exactly-once), and its
     * internal topics, all named after the application id.
     */
    void streamsApplication(String applicationId) {
      group(applicationId, PatternType.PREFIXED);
      add(ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED, AclOperation.WRITE);
      add(
          ResourceType.TRANSACTIONAL_ID,
          applicationId,
          PatternType.PREFIXED,
          AclOperation.DESCRIBE);
      add(ResourceType.TOPIC, applicationId, PatternType.PREFIXED, AclOperation.ALL);
    }

    private void add(
        ResourceType type, String name, PatternType patternType, AclOperation operation) {
      bindings.add(
          new AclBinding(
              new ResourcePattern(type, name, patternType),
              new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
    }

    List<AclBinding> list() {
      return List.copyOf(bindings);
    }
  }
}
