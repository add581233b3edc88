package io.platestream.schemas.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.schemas.registry.CompatibilityLevel;
import io.platestream.schemas.registry.RegisteredSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryStateTest {
  private static final String A = "{\"type\":\"record\",\"name\":\"A\",\"fields\":[]}";
  private static final String B = "{\"type\":\"record\",\"name\":\"B\",\"fields\":[]}";

  @Test
  void idsDependOnTheSchemaTextOnly() {
    RegistryState one = new RegistryState();
    RegistryState two = new RegistryState();
    two.apply(new RegistryState.Registration("other", two.idFor(B), 1, B));

    assertThat(one.idFor(A)).isEqualTo(two.idFor(A)).isPositive();
    assertThat(one.idFor(A)).isNotEqualTo(one.idFor(B));
  }

  @Test
  void racingWritersGetTheSameNumberingWhateverTheLogOrder() {
    // Two instances both claimed version 2 of the subject for different schemas.
    RegistryState.Registration first = new RegistryState.Registration("s", 10, 1, A);
    RegistryState.Registration raceX = new RegistryState.Registration("s", 500, 2, B);
    RegistryState.Registration raceY =
        new RegistryState.Registration("s", 300, 2, "{\"type\":\"string\"}");
    RegistryState forward = new RegistryState();
    RegistryState backward = new RegistryState();
    for (var r : List.of(first, raceX, raceY)) forward.apply(r);
    for (var r : List.of(raceY, first, raceX)) backward.apply(r);

    assertThat(forward.versions("s")).isEqualTo(backward.versions("s"));
    assertThat(forward.versions("s"))
        .extracting(RegisteredSchema::id)
        .containsExactly(10, 300, 500);
    assertThat(forward.versions("s"))
        .extracting(RegisteredSchema::version)
        .containsExactly(1, 2, 3);
  }

  @Test
  void reapplyingARegistrationChangesNothing() {
    RegistryState state = new RegistryState();
    RegistryState.Registration r = new RegistryState.Registration("s", 7, 1, A);
    state.apply(r);
    state.apply(r);

    assertThat(state.versions("s")).hasSize(1);
  }

  @Test
  void subjectLevelOverridesGlobalUntilCleared() {
    RegistryState state = new RegistryState();
    assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.BACKWARD);
    state.applyConfig(null, CompatibilityLevel.FULL);
    state.applyConfig("s", CompatibilityLevel.NONE);

    assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.NONE);
    assertThat(state.effectiveLevel("t")).isEqualTo(CompatibilityLevel.FULL);
    state.applyConfig("s", null);
    assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.FULL);
  }
}
