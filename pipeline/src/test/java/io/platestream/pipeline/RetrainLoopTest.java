package io.platestream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.models.registry.PretrainedModels;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.KafkaClients;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.ModelStatus;
import io.platestream.schemas.ModelVersion;
import io.platestream.schemas.ShadowComparison;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroSerializer;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labels loop on the real broker and model registry: rounds start on enough new labels, a
 * candidate in shadow is judged by the stages' comparisons on live inputs (written here as the
 * recognize stage writes them), promoted or retired, and left in shadow when traffic does not come.
 * The round's training is the one part stood in for: it publishes the bundled recognizer again as
 * {@code train rec --publish --shadow-first} would publish its result ({@code TrainCommandTest}
 * covers the training itself).
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class RetrainLoopTest {
  private static final String REC = PretrainedModels.RECOGNIZER;

  @TempDir Path dir;

  @Test
  void roundsStartOnNewLabelsAndShadowTrafficDecidesPromotion(EmbeddedPlatform platform)
      throws Exception {
    KafkaConnection kafka =
        new KafkaConnection(platform.bootstrapServers(), platform.schemaRegistryUrl(), 1);
    kafka.ensureTopics(Topics.SHADOW);
    SettableClock clock = new SettableClock(Instant.parse("2026-12-07T12:00:00Z").toEpochMilli());
    AtomicInteger labels = new AtomicInteger(3);
    AtomicBoolean gatePasses = new AtomicBoolean(true);
    try (SchemaRegistryClient schemas = platform.newRegistryClient();
        OpenModels models =
            OpenModels.open(kafka, schemas, Topics.ARTIFACTS, dir.resolve("artifacts"))) {
      ModelVersion bundled = models.registry().production(REC).orElseThrow();
      byte[] onnx = models.store().fetch(bundled.getArtifactUri(), bundled.getSha256());
      RetrainLoop.Trainer trainer =
          (round, shadowFirst) -> {
            ModelVersion candidate =
                models
                    .catalog()
                    .publish(
                        REC,
                        onnx,
                        bundled.getDictionary(),
                        Map.of("real_site_accuracy", 0.9),
                        bundled.getVersion(),
                        "round " + round);
            if (gatePasses.get()) {
              models.catalog().shadow(REC, candidate.getVersion(), "quality gate passed");
            }
          };
      RetrainLoop loop =
          new RetrainLoop(
              new RetrainLoop.Settings(5, 4, 0.8, Duration.ofHours(1)),
              REC,
              dir.resolve("state.properties"),
              labels::get,
              trainer,
              models.registry(),
              models.catalog(),
              (name, version) ->
                  ShadowTally.read(platform.bootstrapServers(), schemas, name, version),
              clock);

      assertThat(loop.checkOnce().message())
          .isEqualTo("3 plate labels, 3 new since the last round; a round starts at 5 new");

      labels.set(6);
      RetrainLoop.Outcome first = loop.checkOnce();
      assertThat(first.step()).isEqualTo(RetrainLoop.Step.SHADOWING);
      assertThat(first.message()).contains("round 1 on 6 labels: v2 passed the quality gate");
      compare(platform, schemas, 2, true, false);
      assertThat(loop.checkOnce().message())
          .isEqualTo(
              "v2 in shadow: agreed with production on 1 of 2 live inputs (0.500); waiting"
                  + " for 4");
      compare(platform, schemas, 2, true, true);
      // 3 of 4 agree: 0.75, under the 0.8 floor.
      RetrainLoop.Outcome rejected = loop.checkOnce();
      assertThat(rejected.step()).isEqualTo(RetrainLoop.Step.SHADOW_REJECTED);
      assertThat(status(models, 2)).isEqualTo(ModelStatus.RETIRED);
      assertThat(models.registry().production(REC).orElseThrow().getVersion()).isEqualTo(1);

      // Round 2 waits for 5 labels newer than round 1's 6.
      labels.set(10);
      assertThat(loop.checkOnce().step()).isEqualTo(RetrainLoop.Step.WAITING_FOR_LABELS);
      labels.set(11);
      assertThat(loop.checkOnce().step()).isEqualTo(RetrainLoop.Step.SHADOWING);
      compare(platform, schemas, 3, true, true, true, true, true);
      RetrainLoop.Outcome promoted = loop.checkOnce();
      assertThat(promoted.message())
          .isEqualTo("v3 promoted: agreed with production on 5 of 5 live inputs (1.000)");
      assertThat(models.registry().production(REC).orElseThrow().getVersion()).isEqualTo(3);

      // The gate refuses round 3's candidate: it stays a candidate, nothing runs in shadow.
      gatePasses.set(false);
      labels.set(16);
      assertThat(loop.checkOnce().step()).isEqualTo(RetrainLoop.Step.GATE_REFUSED);
      assertThat(status(models, 4)).isEqualTo(ModelStatus.CANDIDATE);

      // Round 4's candidate sees no traffic: after the timeout it is left to an operator.
      gatePasses.set(true);
      labels.set(21);
      assertThat(loop.checkOnce().step()).isEqualTo(RetrainLoop.Step.SHADOWING);
      clock.advance(Duration.ofMinutes(61).toMillis());
      assertThat(loop.checkOnce().step()).isEqualTo(RetrainLoop.Step.LEFT_IN_SHADOW);
      assertThat(status(models, 5)).isEqualTo(ModelStatus.SHADOW);
      assertThat(loop.checkOnce().step()).isEqualTo(RetrainLoop.Step.WAITING_FOR_LABELS);
    }
  }

  private static ModelStatus status(OpenModels models, int version) {
    return models.registry().version(REC, version).orElseThrow().getStatus();
  }

  /** Comparisons of shadow version {@code version} with production, as the stage writes them. */
  private static void compare(
      EmbeddedPlatform platform, SchemaRegistryClient schemas, int version, boolean... agree)
      throws Exception {
    try (KafkaProducer<String, ShadowComparison> producer =
        new KafkaProducer<>(
            KafkaClients.reliableProducer(platform.bootstrapServers()),
            new StringSerializer(),
            new AvroSerializer<>(schemas))) {
      for (boolean same : agree) {
        ShadowComparison comparison =
            ShadowComparison.newBuilder()
                .setModelName(REC)
                .setProduction(new ModelRef(REC, 1))
                .setShadow(new ModelRef(REC, version))
                .setInputId("gate/" + System.nanoTime())
                .setCameraId("gate")
                .setAgree(same)
                .setAgreement(same ? 1 : 0)
                .setConfidenceDelta(0)
                .setProductionOutput("京A12345")
                .setShadowOutput(same ? "京A12345" : "京A12346")
                .setShadowMs(3)
                .setComparedTimeMs(System.currentTimeMillis())
                .build();
        producer.send(new ProducerRecord<>(Topics.SHADOW, "gate", comparison)).get();
      }
    }
  }
}
