package io.platestream.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceAllocatorTest {

  @Test
  void numbersIncreaseWithoutRepeatAcrossRestarts(@TempDir Path state) {
    long last = -1;
    for (int restart = 0; restart < 3; restart++) {
      SequenceAllocator sequences = SequenceAllocator.persistent(state, "cam-1");
      for (int i = 0; i < 1500; i++) { // crosses a block boundary
        long seq = sequences.next();
        assertThat(seq).isGreaterThan(last);
        last = seq;
      }
    }
  }

  @Test
  void camerasNumberIndependently(@TempDir Path state) {
    SequenceAllocator a = SequenceAllocator.persistent(state, "a");
    SequenceAllocator b = SequenceAllocator.persistent(state, "b");
    assertThat(a.next()).isZero();
    assertThat(a.next()).isEqualTo(1);
    assertThat(b.next()).isZero();
  }

  @Test
  void aDamagedStateFileIsReportedNotReset(@TempDir Path state) throws Exception {
    Files.writeString(state.resolve("cam.seq"), "12x");
    assertThatThrownBy(() -> SequenceAllocator.persistent(state, "cam"))
        .hasMessageContaining("cam.seq is damaged ('12x')");
  }
}
