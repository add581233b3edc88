package io.platestream.sink.labels;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.sink.events.EventQueries;
import io.platestream.sink.events.EventQuery;
import io.platestream.sink.events.EventView;
import io.platestream.sink.events.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which events the review queue offers, and in which order. */
class ReviewQueueTest {

  @Test
  void aCameraFloodingTheQueueWithUnsureReadingsLeavesRoomForTheOthers() {
    List<EventView> newestFirst = new ArrayList<>();
    for (int i = 300; i > 0; i--) {
      newestFirst.add(event("glare/" + i, "glare", 0.5f));
      if (i % 100 == 0) {
        newestFirst.add(event("gate/" + i, "gate", 0.6f));
        newestFirst.add(event("gate/sure-" + i, "gate", 0.99f));
      }
    }
    ReviewQueue queue = new ReviewQueue(pages(newestFirst));

    List<String> ids = queue.next(8).stream().map(EventView::eventId).toList();

    // Newest first alone, all 8 would be the camera facing the sun's (glare/300 to glare/293).
    assertThat(ids)
        .containsExactly(
            "glare/300",
            "gate/300",
            "glare/299",
            "gate/200",
            "glare/298",
            "gate/100",
            "glare/297",
            "glare/296");
    queue.labelled("gate/300");
    assertThat(queue.next(2).stream().map(EventView::eventId))
        .containsExactly("glare/300", "gate/200");
  }

  private static EventView event(String id, String camera, float confidence) {
    return new EventView(
        id,
        camera,
        "京A12345",
        null,
        true,
        confidence,
        0,
        0,
        3,
        List.of(new EventView.Candidate("京A12345", confidence, true)),
        new EventView.ModelRef("plate-detector", 1),
        new EventView.ModelRef("plate-recognizer", 1),
        0,
        true,
        false,
        false);
  }

  /** The events as the history pages them, newest first. */
  private static EventQueries pages(List<EventView> newestFirst) {
    return new EventQueries() {
      @Override
      public Page search(EventQuery query) {
        int from = Math.min(newestFirst.size(), query.page() * query.size());
        int to = Math.min(newestFirst.size(), from + query.size());
        return new Page(
            query.page(), query.size(), newestFirst.size(), newestFirst.subList(from, to));
      }

      @Override
      public Optional<EventView> byId(String eventId) {
        return Optional.empty();
      }

      @Override
      public Optional<byte[]> crop(String eventId) {
        return Optional.empty();
      }

      @Override
      public Optional<byte[]> snapshot(String eventId) {
        return Optional.empty();
      }
    };
  }
}
