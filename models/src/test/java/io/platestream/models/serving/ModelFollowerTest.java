package io.platestream.models.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.platestream.models.ModelSignature;
import io.platestream.models.artifact.DirectoryArtifactStore;
import io.platestream.models.artifact.Sha256;
import io.platestream.models.registry.ModelCatalog;
import io.platestream.models.registry.ModelRegistry;
import io.platestream.models.registry.PretrainedModels;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.ModelStatus;
import io.platestream.schemas.ModelVersion;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The follower on the real registry with real artifacts; the "model" it loads is the artifact's
 * signature, so the test sees exactly which artifact is being served.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class ModelFollowerTest {

  @Test
  void swapsToNewProductionVersionsAndRejectsBadOnesWhileTheCurrentOneKeepsServing(
      EmbeddedPlatform platform, @TempDir Path artifacts) throws Exception {
    String topic = TestTopics.unique("models");
    platform.kafka().createTopics(1, Map.of("cleanup.policy", "compact"), topic);
    DirectoryArtifactStore store = new DirectoryArtifactStore(artifacts);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (ModelRegistry registry =
        new ModelRegistry(platform.bootstrapServers(), platform.newRegistryClient(), topic)) {
      ModelCatalog catalog = new ModelCatalog(registry, store);
      PretrainedModels.bootstrap(registry, catalog);
      byte[] bundled = resource("models/ch_PP-OCRv4_det_infer.onnx");
      SignatureCheck check = SignatureCheck.like(ModelSignature.of(bundled));

      try (ModelFollower<ModelSignature> follower =
          ModelFollower.start(
              PretrainedModels.DETECTOR,
              registry,
              store,
              (onnx, version) -> ModelSignature.of(onnx),
              check,
              signature -> {},
              Duration.ofHours(1), // the test calls checkOnce itself
              meters)) {
        assertThat(follower.holder().current().getVersion()).isEqualTo(1);

        // A good new version: swapped in.
        catalog.publish(
            PretrainedModels.DETECTOR,
            resource("models/ch_PP-OCRv3_det_infer.onnx"),
            null,
            Map.of(),
            1,
            "v3");
        catalog.promote(PretrainedModels.DETECTOR, 2, "test");
        follower.checkOnce();
        assertThat(follower.holder().current().getVersion()).isEqualTo(2);

        // The recognizer published as a detector: wrong output tensor, rejected.
        catalog.publish(
            PretrainedModels.DETECTOR,
            resource("models/ch_PP-OCRv4_rec_infer.onnx"),
            null,
            Map.of(),
            2,
            "wrong model");
        catalog.promote(PretrainedModels.DETECTOR, 3, "mistake");
        follower.checkOnce();
        assertThat(follower.holder().current().getVersion()).isEqualTo(2);
        assertThat(follower.rejected().get(3)).contains("output 0 is named");

        // An artifact changed after publishing: the SHA-256 no longer matches, rejected.
        ModelVersion v4 =
            catalog.publish(PretrainedModels.DETECTOR, bundled, null, Map.of(), 2, "again");
        Path file = Path.of(v4.getArtifactUri().toString().substring("file:".length()));
        byte[] damaged = Files.readAllBytes(file);
        damaged[damaged.length / 2] ^= 1;
        Files.write(file, damaged);
        catalog.promote(PretrainedModels.DETECTOR, 4, "damaged");
        follower.checkOnce();
        assertThat(follower.holder().current().getVersion()).isEqualTo(2);
        assertThat(follower.rejected().get(4)).contains("has SHA-256").contains("was published");

        // Rollback goes back to the last version below 4 that is not retired: 3 was rejected by
        // the follower but is still a candidate in the registry, so retire it first.
        catalog.retire(PretrainedModels.DETECTOR, 3, "wrong model");
        catalog.rollback(PretrainedModels.DETECTOR, "back to a good one");
        follower.checkOnce();
        assertThat(follower.holder().current().getVersion()).isEqualTo(2);
        assertThat(meters.get("platestream.models.swaps").counter().count()).isEqualTo(1);
        assertThat(meters.get("platestream.models.rejected").counter().count()).isEqualTo(2);

        // A record written by another tool for a file that is not a model at all (its digest
        // matches the broken bytes): it opens nowhere, so it is refused as well.
        byte[] broken = Arrays.copyOf(bundled, 1000);
        ModelVersion corrupt =
            ModelVersion.newBuilder(registry.version(PretrainedModels.DETECTOR, 2).orElseThrow())
                .setVersion(registry.nextVersion(PretrainedModels.DETECTOR))
                .setArtifactUri(store.put(broken))
                .setSha256(Sha256.hex(broken))
                .setSizeBytes(broken.length)
                .setStatus(ModelStatus.PRODUCTION)
                .build();
        registry.publish(corrupt);
        follower.checkOnce();
        assertThat(follower.holder().current().getVersion()).isEqualTo(2);
        assertThat(follower.rejected().get(corrupt.getVersion()))
            .contains("not a model ONNX Runtime can open");
      }
    }
  }

  @Test
  void aProductionVersionWhoseInferencesKeepFailingIsDemotedToTheOneBefore(
      EmbeddedPlatform platform, @TempDir Path artifacts) throws Exception {
    String topic = TestTopics.unique("models");
    platform.kafka().createTopics(1, Map.of("cleanup.policy", "compact"), topic);
    DirectoryArtifactStore store = new DirectoryArtifactStore(artifacts);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (ModelRegistry registry =
        new ModelRegistry(platform.bootstrapServers(), platform.newRegistryClient(), topic)) {
      ModelCatalog catalog = new ModelCatalog(registry, store);
      PretrainedModels.bootstrap(registry, catalog);
      SignatureCheck check =
          SignatureCheck.like(ModelSignature.of(resource("models/ch_PP-OCRv4_det_infer.onnx")));
      // The "model" is its version number; version 2 passes every check but cannot infer, as a
      // model exported with a broken graph does on real input.
      ModelFollower.Loader<Integer> loader = (onnx, version) -> version.getVersion();
      java.util.function.Function<Integer, String> infer =
          version -> {
            if (version == 2) {
              throw new IllegalStateException("Non-zero status code returned while running Conv");
            }
            return "plates by v" + version;
          };
      List<Integer> closed = new ArrayList<>();
      try (ModelFollower<Integer> follower =
          ModelFollower.start(
              PretrainedModels.DETECTOR,
              registry,
              store,
              loader,
              check,
              closed::add,
              Duration.ofHours(1),
              meters)) {
        ModelHolder<Integer> holder = follower.holder();
        assertThat(holder.serve(infer).value()).isEqualTo("plates by v1");

        catalog.publish(
            PretrainedModels.DETECTOR,
            resource("models/ch_PP-OCRv3_det_infer.onnx"),
            null,
            Map.of(),
            1,
            "v3");
        catalog.promote(PretrainedModels.DETECTOR, 2, "looked better offline");
        follower.checkOnce();
        assertThat(holder.current().getVersion()).isEqualTo(2);

        // One bad input is not a broken model: a failure between successes trips nothing.
        int failures = 0;
        for (int i = 0; i < 4; i++) {
          assertThatThrownBy(() -> holder.serve(infer)).hasMessageContaining("Conv");
          failures++;
        }
        assertThat(holder.current().getVersion())
            .as("4 failures, under the 5 that trip")
            .isEqualTo(2);
        // The fifth in a row trips the breaker; the same input then runs again on version 1.
        ModelSource.Served<String> served = holder.serve(infer);
        assertThat(served.value()).isEqualTo("plates by v1");
        assertThat(served.ref().getVersion()).isEqualTo(1);
        assertThat(holder.current().getVersion()).isEqualTo(1);
        assertThat(closed).as("the failing version is closed").containsExactly(1, 2);
        assertThat(follower.demoted().get(2))
            .contains("5 inferences in a row failed")
            .contains("Conv")
            .contains("now serving version 1");
        assertThat(meters.get("platestream.models.demoted").counter().count()).isEqualTo(1);
        assertThat(ModelStatusPage.of(follower, follower).toString()).contains("demoted");

        // The registry still calls version 2 production; this stage does not take it back.
        follower.checkOnce();
        assertThat(holder.current().getVersion()).isEqualTo(1);
        assertThat(failures).isEqualTo(4);

        // A newer version is taken as usual.
        catalog.publish(
            PretrainedModels.DETECTOR,
            resource("models/ch_PP-OCRv4_det_infer.onnx"),
            null,
            Map.of(),
            1,
            "fixed export");
        catalog.promote(PretrainedModels.DETECTOR, 3, "fixed");
        follower.checkOnce();
        assertThat(holder.serve(infer).value()).isEqualTo("plates by v3");
      }
    }
  }

  @Test
  void aFailingFirstVersionHasNothingToFallBackToAndSaysSo(
      EmbeddedPlatform platform, @TempDir Path artifacts) throws Exception {
    String topic = TestTopics.unique("models");
    platform.kafka().createTopics(1, Map.of("cleanup.policy", "compact"), topic);
    DirectoryArtifactStore store = new DirectoryArtifactStore(artifacts);
    try (ModelRegistry registry =
        new ModelRegistry(platform.bootstrapServers(), platform.newRegistryClient(), topic)) {
      PretrainedModels.bootstrap(registry, new ModelCatalog(registry, store));
      try (ModelFollower<Integer> follower =
          ModelFollower.start(
              PretrainedModels.DETECTOR,
              registry,
              store,
              (onnx, version) -> version.getVersion(),
              SignatureCheck.like(ModelSignature.of(resource("models/ch_PP-OCRv4_det_infer.onnx"))),
              version -> {},
              Duration.ofHours(1),
              new SimpleMeterRegistry())) {
        for (int i = 0; i < 6; i++) {
          assertThatThrownBy(
                  () ->
                      follower
                          .holder()
                          .serve(
                              version -> {
                                throw new IllegalStateException("no CUDA device");
                              }))
              .hasMessage("no CUDA device");
        }
        assertThat(follower.holder().current().getVersion()).isEqualTo(1);
        assertThat(follower.demoted().get(1)).contains("no earlier working version");
      }
    }
  }

  @Test
  void aShadowFollowerLoadsTheShadowVersionAndLetsGoWhenItIsPromoted(
      EmbeddedPlatform platform, @TempDir Path artifacts) throws Exception {
    String topic = TestTopics.unique("models");
    platform.kafka().createTopics(1, Map.of("cleanup.policy", "compact"), topic);
    DirectoryArtifactStore store = new DirectoryArtifactStore(artifacts);
    List<Integer> closed = new ArrayList<>();
    try (ModelRegistry registry =
        new ModelRegistry(platform.bootstrapServers(), platform.newRegistryClient(), topic)) {
      ModelCatalog catalog = new ModelCatalog(registry, store);
      PretrainedModels.bootstrap(registry, catalog);
      SignatureCheck check =
          SignatureCheck.like(ModelSignature.of(resource("models/ch_PP-OCRv4_det_infer.onnx")));
      ModelFollower.Loader<Integer> loader = (onnx, version) -> version.getVersion();

      try (ModelFollower<Integer> shadow =
          ModelFollower.shadow(
              PretrainedModels.DETECTOR,
              registry,
              store,
              loader,
              check,
              closed::add,
              Duration.ofHours(1),
              new SimpleMeterRegistry())) {
        assertThat(shadow.holder().current()).as("no shadow version yet").isNull();
        try (ModelLease<Integer> lease = shadow.holder().acquire()) {
          assertThat(lease.model()).isNull();
        }

        catalog.publish(
            PretrainedModels.DETECTOR,
            resource("models/ch_PP-OCRv3_det_infer.onnx"),
            null,
            Map.of(),
            1,
            "v3");
        catalog.shadow(PretrainedModels.DETECTOR, 2, "try it beside production");
        shadow.checkOnce();
        try (ModelLease<Integer> lease = shadow.holder().acquire()) {
          assertThat(lease.model()).isEqualTo(2);
          assertThat(lease.ref().getVersion()).isEqualTo(2);
        }
        assertThat(registry.production(PretrainedModels.DETECTOR).orElseThrow().getVersion())
            .as("production is untouched")
            .isEqualTo(1);

        // Promoted: no shadow is left, so the shadow follower lets its model go.
        catalog.promote(PretrainedModels.DETECTOR, 2, "agreed well enough");
        shadow.checkOnce();
        assertThat(shadow.holder().current()).isNull();
        assertThat(closed).containsExactly(2);

        // A stage started now comes up on the current production version.
        try (ModelFollower<Integer> restarted =
            ModelFollower.start(
                PretrainedModels.DETECTOR,
                registry,
                store,
                loader,
                check,
                closed::add,
                Duration.ofHours(1),
                new SimpleMeterRegistry())) {
          assertThat(restarted.holder().current().getVersion()).isEqualTo(2);
        }
      }
    }
  }

  @Test
  void onlyACandidateCanRunInShadow(EmbeddedPlatform platform, @TempDir Path artifacts) {
    String topic = TestTopics.unique("models");
    platform.kafka().createTopics(1, Map.of("cleanup.policy", "compact"), topic);
    try (ModelRegistry registry =
        new ModelRegistry(platform.bootstrapServers(), platform.newRegistryClient(), topic)) {
      ModelCatalog catalog = new ModelCatalog(registry, new DirectoryArtifactStore(artifacts));
      PretrainedModels.bootstrap(registry, catalog);

      assertThatThrownBy(() -> catalog.shadow(PretrainedModels.DETECTOR, 1, "test"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("plate-detector version 1 is PRODUCTION; only a candidate can run in shadow");
    }
  }

  private static byte[] resource(String path) throws Exception {
    try (InputStream in = ModelFollowerTest.class.getClassLoader().getResourceAsStream(path)) {
      return in.readAllBytes();
    }
  }
}
