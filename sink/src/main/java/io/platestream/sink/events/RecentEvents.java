package io.platestream.sink.events;

import io.platestream.schemas.PlateEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last events seen, in memory, for a sink without a history database (the demo) and for the
 * live view: at most {@code capacity}, the oldest evicted first; an event seen again replaces its
 * earlier record.
 */
public final class RecentEvents implements EventQueries {
  private final int capacity;
  private final LinkedHashMap<String, Stored> byId = new LinkedHashMap<>();

  private record Stored(EventView view, byte[] crop) {}

  public RecentEvents(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  public synchronized EventView add(PlateEvent event) {
    EventView view = EventView.of(event);
    ByteBuffer crop = event.getBestCrop().duplicate();
    byte[] bytes = new byte[crop.remaining()];
    crop.get(bytes);
    byId.remove(view.eventId());
    byId.put(view.eventId(), new Stored(view, bytes));
    while (byId.size() > capacity) {
      byId.remove(byId.keySet().iterator().next());
    }
    return view;
  }

  @Override
  public synchronized Page search(EventQuery query) {
    List<EventView> matches = new ArrayList<>();
    for (Stored stored : byId.values()) {
      if (query.accepts(stored.view())) {
        matches.add(stored.view());
      }
    }
    matches.sort(
        Comparator.comparingLong(EventView::firstSeenMs)
            .reversed()
            .thenComparing(EventView::eventId));
    int from = Math.min(matches.size(), query.page() * query.size());
    int to = Math.min(matches.size(), from + query.size());
    return new Page(
        query.page(), query.size(), matches.size(), List.copyOf(matches.subList(from, to)));
  }

  @Override
  public synchronized Optional<EventView> byId(String eventId) {
    return Optional.ofNullable(byId.get(eventId)).map(Stored::view);
  }

  @Override
  public synchronized Optional<byte[]> crop(String eventId) {
    return Optional.ofNullable(byId.get(eventId)).map(Stored::crop).filter(c -> c.length > 0);
  }

  /** Events per camera: how many are held and the newest's time (for the camera panel). */
  public synchronized Map<String, long[]> perCamera() {
    Map<String, long[]> cameras = new LinkedHashMap<>();
    for (Stored stored : byId.values()) {
      long[] countAndLast = cameras.computeIfAbsent(stored.view().cameraId(), c -> new long[2]);
      countAndLast[0]++;
      countAndLast[1] = Math.max(countAndLast[1], stored.view().lastSeenMs());
    }
    return cameras;
  }
}
