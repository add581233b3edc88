package io.platestream.recognizer.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassTrackerTest {
  private final PassTracker tracker = new PassTracker(PassTracker.Settings.defaults());

  @Test
  void aPassWithOneWrongCharacterInAThirdOfItsReadsIsVotedRight() {
    CameraPasses passes = CameraPasses.empty();
    List<VehiclePass> closed = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      // Every third read mistakes the 8 for a B, the kind of slip a recognizer makes.
      String text = i % 3 == 2 ? "京A1B345" : "京A18345";
      closed.addAll(
          tracker.add(passes, read("d" + i, 1_000 + i * 200L, text, 0.9f), new byte[0], 0));
    }
    assertThat(closed).isEmpty();
    assertThat(passes.open()).hasSize(1);

    List<VehiclePass> idle = tracker.closeIdle(passes, 10_000);
    assertThat(idle).hasSize(1);
    PlateVote.Result vote = PlateVote.vote(idle.get(0).getReads());
    assertThat(vote.text()).isEqualTo("京A18345");
    assertThat(vote.candidates())
        .extracting(PlateVote.Candidate::text)
        .containsExactly("京A18345", "京A1B345");
    assertThat(vote.candidates().get(0).share()).isEqualTo(vote.confidence());
    assertThat(vote.candidates().get(1).share())
        .isCloseTo(1f / 3, org.assertj.core.data.Offset.offset(0.01f));
    assertThat(idle.get(0).getReads()).hasSize(9);
    assertThat(passes.open()).isEmpty();
  }

  @Test
  void theReportedPlateLeadsItsCandidatesAndRejectedReadsComeAfterTheVotersReadings() {
    // Seen on the demo: most reads missed the province and were rejected by the grammar; the
    // event said 贵YD51304 but listed "YD51304" first. The headline now leads, from the same reads.
    List<PassRead> reads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      reads.add(invalid("x" + i, 1_000 + i * 100L, "YD51304", 0.95f));
    }
    reads.add(read("v0", 1_500, "贵YD51304", 0.99f));
    reads.add(read("v1", 1_600, "贵YD51304", 0.99f));
    reads.add(read("v2", 1_700, "贵YD5I304", 0.5f));

    PlateVote.Result vote = PlateVote.vote(reads);
    assertThat(vote.text()).isEqualTo("贵YD51304");
    assertThat(vote.candidates())
        .extracting(PlateVote.Candidate::text)
        .containsExactly("贵YD51304", "贵YD5I304", "YD51304");
    assertThat(vote.candidates().get(0).share()).isEqualTo(vote.confidence());
  }

  @Test
  void twoCarsBackToBackAreTwoPasses() {
    CameraPasses passes = CameraPasses.empty();
    List<VehiclePass> closed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      closed.addAll(
          tracker.add(passes, read("a" + i, 1_000 + i * 200L, "京A18345", 0.9f), new byte[0], 0));
    }
    for (int i = 0; i < 5; i++) {
      closed.addAll(
          tracker.add(passes, read("b" + i, 2_000 + i * 200L, "沪B67890", 0.9f), new byte[0], 0));
    }
    assertThat(closed).isEmpty(); // the first car's last read is within the gap of the second's
    assertThat(passes.open()).hasSize(2);
    // A read far later closes both by stream time.
    closed.addAll(tracker.add(passes, read("c0", 20_000, "粤C24680", 0.9f), new byte[0], 0));
    assertThat(closed)
        .extracting(p -> PlateVote.vote(p.getReads()).text())
        .containsExactlyInAnyOrder("京A18345", "沪B67890");
  }

  @Test
  void theSamePlateAfterALongGapIsANewPass() {
    CameraPasses passes = CameraPasses.empty();
    tracker.add(passes, read("a", 1_000, "京A18345", 0.9f), new byte[0], 0);
    List<VehiclePass> closed =
        tracker.add(passes, read("b", 9_000, "京A18345", 0.9f), new byte[0], 0);
    assertThat(closed).hasSize(1);
    assertThat(passes.open()).hasSize(1);
  }

  @Test
  void validReadsOutvoteInvalidOnesAndTheBestReadIsTheMostConfidentValidOne() {
    CameraPasses passes = CameraPasses.empty();
    tracker.add(passes, invalid("x", 1_000, "京A1834", 0.99f), new byte[] {1}, 0);
    tracker.add(passes, read("y", 1_200, "京A18345", 0.6f), new byte[] {2}, 0);
    tracker.add(passes, read("z", 1_400, "京A18345", 0.8f), new byte[] {3}, 0);
    VehiclePass pass = passes.open().get(0);
    assertThat(PlateVote.vote(pass.getReads()).text()).isEqualTo("京A18345");
    assertThat(PlateVote.vote(pass.getReads()).fromValidReads()).isTrue();
    assertThat(pass.getBestRead()).containsExactly(3);
  }

  @Test
  void aPassWithoutAValidReadIsNotAnEventUnlessAskedFor() {
    CameraPasses passes = CameraPasses.empty();
    tracker.add(passes, invalid("w", 1_000, "IIIIII", 0.7f), new byte[0], 0);
    VehiclePass windows = passes.open().get(0);
    assertThat(tracker.worthAnEvent(windows)).isFalse();
    assertThat(
            new PassTracker(new PassTracker.Settings(2_000, 2, 3_000, true, 1))
                .worthAnEvent(windows))
        .isTrue();
    tracker.add(passes, read("p", 1_200, "IIIIII", 0.7f), new byte[0], 0);
    assertThat(tracker.worthAnEvent(windows)).isTrue();
  }

  @Test
  void idlePassesCloseOnlyAfterTheIdleTimeout() {
    CameraPasses passes = CameraPasses.empty();
    tracker.add(passes, read("a", 1_000, "京A18345", 0.9f), new byte[0], 50_000);
    assertThat(tracker.closeIdle(passes, 52_000)).isEmpty();
    assertThat(tracker.closeIdle(passes, 53_001)).hasSize(1);
  }

  @Test
  void onlyReadsOfTheWinningLengthVotePositionByPosition() {
    List<PassRead> reads = new ArrayList<>();
    reads.add(read("a", 0, "京A18345", 0.9f));
    reads.add(read("b", 0, "京A183456", 0.5f)); // a stray extra character
    reads.add(read("c", 0, "京A18345", 0.9f));
    Collections.shuffle(reads, new java.util.Random(1));
    assertThat(PlateVote.vote(reads).text()).isEqualTo("京A18345");
  }

  @Test
  void aParkedCarKeepsItsStrongestReadsAndClosesAfterTheLongestPass() {
    PassTracker bounded =
        new PassTracker(
            PassTracker.Settings.defaults()
                .withEarlyEvents(PassTracker.EarlyEvents.off())
                .withBounds(new PassTracker.Bounds(8, 60_000, 32)));
    CameraPasses passes = CameraPasses.empty();
    List<VehiclePass> closed = new ArrayList<>();
    // A car parked in view, read every 200 ms for 2 minutes; every tenth read is a misread.
    for (int i = 0; i < 600; i++) {
      String text = i % 10 == 3 ? "京A1B345" : "京A18345";
      float confidence = i % 10 == 3 ? 0.6f : 0.8f + (i % 7) * 0.02f;
      closed.addAll(
          bounded.add(passes, read("p" + i, 1_000 + i * 200L, text, confidence), new byte[0], 0));
      assertThat(passes.open()).hasSize(1);
      assertThat(passes.open().get(0).getReads()).hasSizeLessThanOrEqualTo(8);
    }
    // 600 reads over 119.8 s: the first pass closes when a read comes 60 s after its first.
    assertThat(closed).hasSize(1);
    VehiclePass first = closed.get(0);
    assertThat(first.readCount()).isEqualTo(301);
    assertThat(first.firstDetectionId()).isEqualTo("p0");
    assertThat(first.firstSeenMs()).isEqualTo(1_000);
    assertThat(first.lastSeenMs()).isEqualTo(61_000);
    assertThat(first.getReads()).hasSize(8).allMatch(r -> r.text().equals("京A18345"));
    assertThat(first.getReads()).allMatch(r -> r.confidence() >= 0.9f);
    assertThat(PlateVote.vote(first.getReads()).text()).isEqualTo("京A18345");
    VehiclePass second = passes.open().get(0);
    assertThat(second.firstDetectionId()).isEqualTo("p301");
    assertThat(second.readCount()).isEqualTo(299);
  }

  @Test
  void pastTheOpenPassBoundTheOneSeenLongestAgoCloses() {
    PassTracker bounded =
        new PassTracker(
            PassTracker.Settings.defaults().withBounds(new PassTracker.Bounds(32, 300_000, 3)));
    CameraPasses passes = CameraPasses.empty();
    String[] plates = {"京A18345", "沪B67890", "粤C24680", "苏D13579"};
    List<VehiclePass> closed = new ArrayList<>();
    for (int i = 0; i < plates.length; i++) {
      closed.addAll(
          bounded.add(passes, read("r" + i, 1_000 + i * 10L, plates[i], 0.9f), new byte[0], 0));
    }
    assertThat(passes.open()).hasSize(3);
    assertThat(closed).hasSize(1);
    assertThat(closed.get(0).firstDetectionId()).isEqualTo("r0");
  }

  @Test
  void aPassStoredBeforeTheCapStillReportsItsFirstReadAndCount() throws Exception {
    // A store written by the version before the cap has no count, times or first id.
    String old =
        "{\"reads\":[{\"detectionId\":\"a\",\"captureTimeMs\":1000,\"text\":\"京A18345\","
            + "\"valid\":true,\"confidence\":0.9,\"charConfidences\":[0.9,0.9,0.9,0.9,0.9,0.9,0.9],"
            + "\"candidates\":[]},{\"detectionId\":\"b\",\"captureTimeMs\":1200,"
            + "\"text\":\"京A18345\",\"valid\":true,\"confidence\":0.9,"
            + "\"charConfidences\":[0.9,0.9,0.9,0.9,0.9,0.9,0.9],\"candidates\":[]}],"
            + "\"bestValid\":true,\"bestConfidence\":0.9,\"lastUpdateWallMs\":5}";
    VehiclePass pass =
        JsonSerde.of(VehiclePass.class)
            .deserializer()
            .deserialize("t", old.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(pass.readCount()).isEqualTo(2);
    assertThat(pass.firstDetectionId()).isEqualTo("a");
    assertThat(pass.lastSeenMs()).isEqualTo(1_200);

    pass.add(read("c", 1_400, "京A18345", 0.9f), new byte[0], 6, 2);
    assertThat(pass.readCount()).isEqualTo(3);
    assertThat(pass.getReads()).hasSize(2);
    assertThat(pass.firstDetectionId()).isEqualTo("a");
    assertThat(pass.firstSeenMs()).isEqualTo(1_000);
    assertThat(pass.lastSeenMs()).isEqualTo(1_400);
  }

  @Test
  void boundsRefuseNonsense() {
    assertThatThrownBy(() -> new PassTracker.Bounds(0, 1, 1)).hasMessageContaining("1 read");
    assertThatThrownBy(() -> new PassTracker.Bounds(1, 0, 1)).hasMessageContaining("longest");
    assertThatThrownBy(() -> new PassTracker.Bounds(1, 1, 0)).hasMessageContaining("open pass");
  }

  private static PassRead read(String id, long timeMs, String text, float confidence) {
    return new PassRead(
        id, timeMs, text, true, confidence, confidences(text, confidence), List.of());
  }

  private static PassRead invalid(String id, long timeMs, String text, float confidence) {
    return new PassRead(
        id, timeMs, text, false, confidence, confidences(text, confidence), List.of());
  }

  private static List<Float> confidences(String text, float confidence) {
    return Collections.nCopies(text.codePointCount(0, text.length()), confidence);
  }

  @Test
  void aPassReadFewerTimesThanTheMinimumIsNotAnEvent() {
    CameraPasses passes = CameraPasses.empty();
    tracker.add(passes, read("a", 1_000, "京A18345", 0.9f), new byte[0], 0);
    VehiclePass pass = passes.open().get(0);
    assertThat(tracker.worthAnEvent(pass)).as("one read, default minimum 2").isFalse();
    assertThat(
            new PassTracker(new PassTracker.Settings(2_000, 2, 3_000, false, 1)).worthAnEvent(pass))
        .isTrue();
    tracker.add(passes, read("b", 1_200, "京A18345", 0.9f), new byte[0], 0);
    assertThat(tracker.worthAnEvent(pass)).isTrue();
    assertThatThrownBy(() -> new PassTracker.Settings(2_000, 2, 3_000, false, 0))
        .hasMessageContaining("at least 1 read, got 0");
  }

  @Test
  void aPassIsAnnouncedEarlyOnceItsVotedPlateIsValidAndSure() {
    java.util.function.Predicate<String> grammar = text -> text.startsWith("京");
    CameraPasses passes = CameraPasses.empty();
    tracker.add(passes, read("a", 1_000, "京A18345", 0.95f), new byte[0], 0);
    assertThat(tracker.readyForEarlyEvent(passes, grammar)).as("one read").isEmpty();

    tracker.add(passes, read("b", 1_200, "京A18345", 0.95f), new byte[0], 0);
    List<VehiclePass> ready = tracker.readyForEarlyEvent(passes, grammar);
    assertThat(ready).hasSize(1);

    ready.get(0).setEarlyEventSent(true);
    assertThat(tracker.readyForEarlyEvent(passes, grammar)).as("announced once").isEmpty();
    assertThat(tracker.worthAnEvent(ready.get(0))).isTrue();
  }

  @Test
  void aPassIsNotAnnouncedEarlyWhenUnsureInvalidOrTurnedOff() {
    java.util.function.Predicate<String> grammar = text -> text.startsWith("京");
    CameraPasses unsure = CameraPasses.empty();
    tracker.add(unsure, read("a", 1_000, "京A18345", 0.6f), new byte[0], 0);
    tracker.add(unsure, read("b", 1_200, "京A18345", 0.6f), new byte[0], 0);
    assertThat(tracker.readyForEarlyEvent(unsure, grammar)).as("confidence 0.6").isEmpty();

    CameraPasses other = CameraPasses.empty();
    tracker.add(other, read("a", 1_000, "沪B67890", 0.99f), new byte[0], 0);
    tracker.add(other, read("b", 1_200, "沪B67890", 0.99f), new byte[0], 0);
    assertThat(tracker.readyForEarlyEvent(other, grammar)).as("the grammar refuses it").isEmpty();

    PassTracker off =
        new PassTracker(
            PassTracker.Settings.defaults().withEarlyEvents(PassTracker.EarlyEvents.off()));
    CameraPasses sure = CameraPasses.empty();
    off.add(sure, read("a", 1_000, "京A18345", 0.99f), new byte[0], 0);
    off.add(sure, read("b", 1_200, "京A18345", 0.99f), new byte[0], 0);
    assertThat(off.readyForEarlyEvent(sure, grammar)).as("early events off").isEmpty();
    assertThatThrownBy(() -> new PassTracker.EarlyEvents(2, 1.5f))
        .hasMessageContaining("within 0..1, got 1.5");
  }
}
