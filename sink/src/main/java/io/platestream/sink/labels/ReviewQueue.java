package io.platestream.sink.labels;

import io.platestream.sink.events.EventQueries;
import io.platestream.sink.events.EventQuery;
import io.platestream.sink.events.EventView;
import io.platestream.sink.events.PlateMatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The events worth an operator's look, newest first and the cameras in turn: a reading the grammar
 * rejected, a confidence under {@link #SURE}, or a runner-up reading with a real share of the
 * votes; never one already labelled, nor an early event (its final one follows). At most {@link
 * #SCANNED} of the newest events are looked at per request, so a busy site's queue stays a sample,
 * not a flood.
 */
public final class ReviewQueue {
  /** Readings at least this confident, valid and undisputed need no review. */
  static final float SURE = 0.9f;

  /** A runner-up with at least this share of the votes makes a reading disputed. */
  static final float DISPUTED = 0.2f;

  /** The newest events looked at per request. */
  static final int SCANNED = 2_000;

  /** The most labelled event ids remembered (the oldest are forgotten first). */
  public static final int REMEMBERED = 100_000;

  private final EventQueries events;
  private final Set<String> labelled =
      Collections.synchronizedSet(
          Collections.newSetFromMap(
              new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > REMEMBERED;
                }
              }));

  public ReviewQueue(EventQueries events) {
    this.events = events;
  }

  /** Notes a label seen on the labels topic, so its event leaves the queue. */
  public void labelled(String eventId) {
    labelled.add(eventId);
  }

  public boolean isLabelled(String eventId) {
    return labelled.contains(eventId);
  }

  /**
   * Up to {@code size} events that need review, taken from the cameras in turn (each camera's
   * newest first, the camera with the newest unsure event first), so that one camera's flood of
   * unsure readings does not crowd the others out of the queue.
   */
  public List<EventView> next(int size) {
    Map<String, Deque<EventView>> byCamera = new LinkedHashMap<>();
    for (int page = 0; page * EventQuery.MAX_PAGE_SIZE < SCANNED; page++) {
      List<EventView> newest =
          events
              .search(
                  new EventQuery(
                      null, PlateMatch.EXACT, null, null, null, page, EventQuery.MAX_PAGE_SIZE))
              .events();
      for (EventView event : newest) {
        if (needsReview(event) && !labelled.contains(event.eventId())) {
          byCamera.computeIfAbsent(event.cameraId(), c -> new ArrayDeque<>()).add(event);
        }
      }
      if (newest.size() < EventQuery.MAX_PAGE_SIZE) {
        break;
      }
    }
    List<EventView> due = new ArrayList<>();
    while (due.size() < size && !byCamera.isEmpty()) {
      Iterator<Deque<EventView>> cameras = byCamera.values().iterator();
      while (cameras.hasNext() && due.size() < size) {
        Deque<EventView> camera = cameras.next();
        due.add(camera.poll());
        if (camera.isEmpty()) {
          cameras.remove();
        }
      }
    }
    return due;
  }

  static boolean needsReview(EventView event) {
    if (event.provisional() || !event.hasCrop() || event.plate() == null) {
      return false;
    }
    boolean disputed =
        event.candidates().size() > 1 && event.candidates().get(1).confidence() >= DISPUTED;
    return !event.valid() || event.confidence() < SURE || disputed;
  }
}
