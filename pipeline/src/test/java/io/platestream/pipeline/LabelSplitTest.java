package io.platestream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.schemas.LabelVerdict;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.PlateLabel;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelSplitTest {
  private static final long MINUTE = 60_000;

  @Test
  void eachCamerasLatestFifthValidatesAndTrainingStopsAGuardBeforeIt() {
    List<PlateLabel> labels = new ArrayList<>();
    // Gate: 20 labels a minute apart; lane: 3 labels, too few to validate; one "not a plate".
    for (int i = 0; i < 20; i++) {
      labels.add(label("gate/" + i, "gate", i * MINUTE, LabelVerdict.CONFIRMED));
    }
    for (int i = 0; i < 3; i++) {
      labels.add(label("lane/" + i, "lane", i * MINUTE, LabelVerdict.CORRECTED));
    }
    labels.add(label("gate/x", "gate", 30 * MINUTE, LabelVerdict.NOT_A_PLATE));

    LabelSplit split = LabelSplit.of(labels);

    assertThat(split.validation())
        .extracting(l -> l.getEventId().toString())
        .containsExactly("gate/16", "gate/17", "gate/18", "gate/19");
    // gate/16 began at minute 16: training ends before minute 6 (the 10-minute guard).
    assertThat(split.train())
        .extracting(l -> l.getEventId().toString())
        .containsExactly(
            "gate/0", "gate/1", "gate/2", "gate/3", "gate/4", "gate/5", "lane/0", "lane/1",
            "lane/2");
    assertThat(split.dropped()).isEqualTo(10);
    long lastTrain =
        split.train().stream()
            .filter(l -> l.getCameraId().toString().equals("gate"))
            .mapToLong(PlateLabel::getFirstSeenMs)
            .max()
            .orElseThrow();
    assertThat(split.validation().get(0).getFirstSeenMs() - lastTrain)
        .isGreaterThanOrEqualTo(LabelSplit.GUARD.toMillis());
  }

  @Test
  void aShorterGuardKeepsMoreToTrainOnAndANegativeOneIsRefused() {
    List<PlateLabel> labels = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      labels.add(label("gate/" + i, "gate", i * MINUTE, LabelVerdict.CONFIRMED));
    }

    LabelSplit none = LabelSplit.of(labels, LabelSplit.PLATE_TEXT, Duration.ZERO);
    LabelSplit twoMinutes = LabelSplit.of(labels, LabelSplit.PLATE_TEXT, Duration.ofMinutes(2));

    assertThat(none.validation()).hasSize(2);
    assertThat(none.train()).hasSize(8);
    assertThat(none.dropped()).isZero();
    // gate/8 began at minute 8: with a 2-minute guard, training ends before minute 6.
    assertThat(twoMinutes.train()).hasSize(6);
    assertThat(twoMinutes.dropped()).isEqualTo(2);
    assertThatThrownBy(() -> LabelSplit.of(labels, LabelSplit.PLATE_TEXT, Duration.ofSeconds(-1)))
        .hasMessageContaining("guard");
  }

  static PlateLabel label(String id, String camera, long time, LabelVerdict verdict) {
    boolean plate = verdict == LabelVerdict.CONFIRMED || verdict == LabelVerdict.CORRECTED;
    return PlateLabel.newBuilder()
        .setEventId(id)
        .setCameraId(camera)
        .setVerdict(verdict)
        .setText(plate ? "皖A12345" : null)
        .setReadText("皖A12845")
        .setCrop(ByteBuffer.wrap(new byte[] {1}))
        .setFirstSeenMs(1_790_000_000_000L + time)
        .setDetector(new ModelRef("plate-detector", 1))
        .setRecognizer(new ModelRef("plate-recognizer", 1))
        .setReviewer("operator")
        .setReviewedMs(0)
        .build();
  }
}
