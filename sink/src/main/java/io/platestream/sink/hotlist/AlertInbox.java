package io.platestream.sink.hotlist;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The newest alerts the dashboard shows, newest first, each with whether an operator has
 * acknowledged it. Held in memory like the live view (the alerts topic keeps them all); the oldest
 * go once more than {@code capacity} have arrived.
 */
public final class AlertInbox {
  /** An alert as held, with who acknowledged it and when (both null until someone does). */
  public record Entry(AlertView alert, String acknowledgedBy, Long acknowledgedAtMs) {
    public boolean acknowledged() {
      return acknowledgedAtMs != null;
    }
  }

  private final int capacity;
  private final Deque<Entry> entries = new ArrayDeque<>();

  public AlertInbox(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("an alert inbox holds at least one alert");
    }
    this.capacity = capacity;
  }

  public synchronized void add(AlertView alert) {
    entries.addFirst(new Entry(alert, null, null));
    while (entries.size() > capacity) {
      entries.removeLast();
    }
  }

  /** All held alerts, newest first. */
  public synchronized List<Entry> all() {
    return new ArrayList<>(entries);
  }

  /**
   * Marks an alert acknowledged; acknowledging it again keeps the first acknowledgement.
   *
   * @return the alert as now held, or empty when no alert with that id is held
   */
  public synchronized Optional<Entry> acknowledge(String alertId, String user, long nowMs) {
    List<Entry> updated = new ArrayList<>(entries.size());
    Entry found = null;
    for (Entry entry : entries) {
      if (found == null && entry.alert().alertId().equals(alertId)) {
        found = entry.acknowledged() ? entry : new Entry(entry.alert(), user, nowMs);
        updated.add(found);
      } else {
        updated.add(entry);
      }
    }
    if (found != null) {
      entries.clear();
      entries.addAll(updated);
    }
    return Optional.ofNullable(found);
  }
}
