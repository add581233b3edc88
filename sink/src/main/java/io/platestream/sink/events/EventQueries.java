package io.platestream.sink.events;

import java.util.Optional;

/** Where the dashboard and the API find events: recent ones in memory, or the history. */
public interface EventQueries {
  Page search(EventQuery query);

  Optional<EventView> byId(String eventId);

  /** The best crop of an event, as JPEG, when it was kept. */
  Optional<byte[]> crop(String eventId);

  /** The frame of an event's best read, scaled, its plate outlined, as JPEG, when it was kept. */
  Optional<byte[]> snapshot(String eventId);
}
