package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.pipeline.StageAcls;
import io.platestream.pipeline.StageAcls.Role;
import io.platestream.pipeline.StageTopics;
import io.platestream.platform.TopicLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The compose file's Kafka set-up script ({@code docker/kafka-setup.sh}) is written from the code:
 * the principals and ACLs of {@link StageAcls}, the topics of {@link TopicLayout}. When either
 * changes, this test fails and leaves the new script in {@code target/kafka-setup.sh} to copy.
 */
class KafkaSetupScriptTest {
  private static final Path SCRIPT = Path.of("..", "docker", "kafka-setup.sh");

  @Test
  void theCommittedScriptGrantsWhatTheCodeNeeds() throws Exception {
    String expected = render();
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "kafka-setup.sh"), expected, StandardCharsets.UTF_8);
    assertThat(Files.readString(SCRIPT))
        .as("docker/kafka-setup.sh is stale: copy app/target/kafka-setup.sh over it")
        .isEqualTo(expected);
  }

  @Test
  void onlyTheModelsPrincipalMayWriteTheModelRegistry() {
    for (Role role : Role.values()) {
      boolean writes =
          StageAcls.grants("User:" + role, role).stream()
              .anyMatch(
                  grant ->
                      grant.pattern().name().equals("platestream.models")
                          && grant.entry().operation()
                              == org.apache.kafka.common.acl.AclOperation.WRITE);
      assertThat(writes).as(role.name()).isEqualTo(role == Role.MODELS);
    }
  }

  static String render() {
    List<String> lines = new ArrayList<>();
    lines.add("#!/bin/sh");
    lines.add(
        "# Secures the compose file's Kafka: a SCRAM-SHA-512 user per PlateStream role with a");
    lines.add(
        "# random password (kept in the clients volume, made once), the ACLs each role needs,");
    lines.add(
        "# the pipeline's topics, and each role's client settings file. Written from the code");
    lines.add("# (StageAcls, TopicLayout) by KafkaSetupScriptTest: do not edit by hand.");
    lines.add("set -eu");
    lines.add("BOOTSTRAP=kafka:19092");
    lines.add("CLIENTS=/etc/platestream/kafka");
    lines.add("ADMIN=/tmp/admin.properties");
    lines.add("PATH=/opt/kafka/bin:$PATH");
    lines.add("TRUSTSTORE_PASSWORD=$(cat \"$CLIENTS/truststore.password\")");
    lines.add("umask 077");
    lines.add("cat > \"$ADMIN\" <<EOF");
    lines.addAll(
        clientSettings("PLAIN", "plain.PlainLoginModule", "admin", "$KAFKA_ADMIN_PASSWORD"));
    lines.add("EOF");
    lines.add("");
    lines.add("# Topics, as the stages would create them (they may not: no role holds Create).");
    for (String topic : StageTopics.all()) {
      TopicLayout.Plan plan = TopicLayout.of(topic, TopicLayout.DEFAULT_PARTITIONS);
      Map<String, String> configs = new TreeMap<>(plan.recommended());
      configs.putAll(plan.required());
      StringBuilder line =
          new StringBuilder(
              "kafka-topics.sh --bootstrap-server \"$BOOTSTRAP\" --command-config \"$ADMIN\""
                  + " --create --if-not-exists --topic "
                  + topic);
      plan.partitions().ifPresent(n -> line.append(" --partitions ").append(n));
      configs.forEach(
          (key, value) -> line.append(" --config ").append(key).append('=').append(value));
      lines.add(line.toString());
    }
    for (Role role : Role.values()) {
      String user = role.name().toLowerCase(Locale.ROOT);
      lines.add("");
      lines.add("# " + user);
      lines.add("if [ ! -s \"$CLIENTS/" + user + ".password\" ]; then");
      lines.add(
          "  head -c 24 /dev/urandom | base64 | tr -d '/+=\\n' > \"$CLIENTS/"
              + user
              + ".password\"");
      lines.add("fi");
      lines.add("PASSWORD=$(cat \"$CLIENTS/" + user + ".password\")");
      lines.add(
          "kafka-configs.sh --bootstrap-server \"$BOOTSTRAP\" --command-config \"$ADMIN\" --alter"
              + " --add-config \"SCRAM-SHA-512=[password=$PASSWORD]\" --entity-type users"
              + " --entity-name "
              + user);
      lines.add("cat > \"$CLIENTS/" + user + ".properties\" <<EOF");
      lines.addAll(clientSettings("SCRAM-SHA-512", "scram.ScramLoginModule", user, "$PASSWORD"));
      lines.add("EOF");
      // Readable only by the container user that signs in as this role.
      String owner = role == Role.REGISTRY ? "1000" : "10001";
      lines.add(
          "chown "
              + owner
              + " \"$CLIENTS/"
              + user
              + ".properties\" \"$CLIENTS/"
              + user
              + ".password\"");
      lines.addAll(
          StageAcls.kafkaAclsCommands(StageAcls.grants("User:" + user, role), "\"$ADMIN\""));
    }
    lines.add("echo \"Kafka users, ACLs and topics are set up\"");
    return String.join("\n", lines) + "\n";
  }

  private static List<String> clientSettings(
      String mechanism, String loginModule, String user, String password) {
    return List.of(
        "security.protocol=SASL_SSL",
        "sasl.mechanism=" + mechanism,
        "sasl.jaas.config=org.apache.kafka.common.security."
            + loginModule
            + " required username=\""
            + user
            + "\" password=\""
            + password
            + "\";",
        "ssl.truststore.type=PKCS12",
        "ssl.truststore.location=$CLIENTS/truststore.p12",
        "ssl.truststore.password=$TRUSTSTORE_PASSWORD");
  }
}
