package io.platestream.sink.events;

import java.util.List;

/** One page of a search, with the number of all matches. */
public record Page(int page, int size, long total, List<EventView> events) {}
