package io.platestream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.detector.inference.ExecutionProvider;
import io.platestream.detector.inference.PlateVerifier;
import io.platestream.detector.stage.Batching;
import io.platestream.schemas.Topics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Stage settings check themselves before anything starts, and resolve "0" for the hardware. */
class StageSettingsTest {

  @Test
  void aDetectorWithFewerFramesInFlightThanWorkersIsRefusedWhenTheSettingsAreMade() {
    assertThatThrownBy(
            () ->
                new DetectorStage.Settings(
                    ExecutionProvider.CPU,
                    3,
                    2,
                    100,
                    0,
                    0,
                    Duration.ZERO,
                    PlateVerifier.acceptAll()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--batch-frames must be at least 3 (it is 2)");
  }

  @Test
  void zeroWorkersMeansTwoSideBySideOnTheCpuAndOneBatchedRunWithCuda() {
    DetectorStage.Settings cpu =
        new DetectorStage.Settings(
            ExecutionProvider.CPU, 0, 1, 100, 0, 0, Duration.ZERO, PlateVerifier.acceptAll());
    DetectorStage.Settings cuda =
        new DetectorStage.Settings(
            ExecutionProvider.CUDA, 0, 4, 50, 0, 0, Duration.ZERO, PlateVerifier.acceptAll());

    assertThat(cpu.batching()).isEqualTo(Batching.sideBySide(2));
    assertThat(cuda.workerCount()).isEqualTo(1);
    assertThat(cuda.batching().maxFrames()).isEqualTo(4);
    assertThat(DetectorStage.Settings.defaults().batching()).isEqualTo(Batching.none());
  }

  @Test
  void theShadowShareIsTheOnlyThingTheDemoChanges() {
    assertThat(DetectorStage.Settings.defaults().withShadowShare(0.25))
        .isEqualTo(
            new DetectorStage.Settings(
                ExecutionProvider.AUTO,
                1,
                1,
                100,
                0,
                0.25,
                DetectorStage.Settings.DEFAULT_MAX_FRAME_AGE,
                DetectorStage.Settings.defaults().verifier()));
    assertThat(RecognizerStage.Settings.defaults().withShadowShare(0.5).shadowShare())
        .isEqualTo(0.5);
  }

  @Test
  void thePipelineCreatesEveryStagesTopicsOnce() {
    assertThat(StageTopics.all())
        .containsAll(StageTopics.DETECT)
        .containsAll(StageTopics.RECOGNIZE)
        .containsAll(StageTopics.SINK)
        .contains(Topics.MODELS, Topics.ARTIFACTS)
        .doesNotHaveDuplicates();
  }

  @Test
  void aConnectionNeedsBrokersARegistryAndAtLeastOnePartition() {
    assertThatThrownBy(() -> new KafkaConnection("localhost:9092", null, 1))
        .hasMessageContaining("schema registry");
    assertThatThrownBy(() -> new KafkaConnection("localhost:9092", "http://localhost:8081", 0))
        .hasMessage("--partitions must be at least 1, got 0");
  }
}
