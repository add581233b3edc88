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

  private record Stored(EventView view, byte[] crop, byte[] snapshot) {}

  public RecentEvents(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  public synchronized EventView add(PlateEvent event) {
    EventView view = EventView.of(event);
    byId.remove(view.eventId());
    byId.put(
        view.eventId(),
        new Stored(view, bytes(event.getBestCrop()), bytes(event.getBestSnapshot())));
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

  @Override
  public synchronized Optional<byte[]> snapshot(String eventId) {
    return Optional.ofNullable(byId.get(eventId)).map(Stored::snapshot).filter(c -> c.length > 0);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return new byte[0];
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  /** What a camera's recent events say: its throughput for the camera panel. */
  public record CameraActivity(long eventsHeld, long eventsLastMinute, long lastEventMs) {}

  /** Activity per camera, with "the last minute" counted back from {@code nowMs}. */
  public synchronized Map<String, CameraActivity> perCamera(long nowMs) {
    Map<String, long[]> counts = new LinkedHashMap<>();
    for (Stored stored : byId.values()) {
      long[] c = counts.computeIfAbsent(stored.view().cameraId(), id -> new long[3]);
      c[0]++;
      if (stored.view().emitTimeMs() > nowMs - 60_000) {
        c[1]++;
      }
      c[2] = Math.max(c[2], stored.view().lastSeenMs());
    }
    Map<String, CameraActivity> activity = new LinkedHashMap<>();
    counts.forEach((camera, c) -> activity.put(camera, new CameraActivity(c[0], c[1], c[2])));
    return activity;
  }
}
