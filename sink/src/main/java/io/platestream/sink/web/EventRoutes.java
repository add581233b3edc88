package io.platestream.sink.web;

import io.javalin.http.HandlerType;
import io.javalin.http.NotFoundResponse;
import io.platestream.sink.events.EventQueries;
import io.platestream.sink.events.EventQuery;
import io.platestream.sink.events.EventView;
import io.platestream.sink.events.Page;
import io.platestream.sink.events.PlateMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The API's routes over plate events: search, one event, its crop and snapshot, CSV export,
 * cameras.
 */
public final class EventRoutes {
  private static final int DEFAULT_SIZE = 50;

  /** Rows one CSV export writes at most: a bigger export is a history query, not a download. */
  static final int MAX_CSV_ROWS = 10_000;

  private EventRoutes() {}

  private static List<QueryParameter> searchParameters() {
    List<QueryParameter> parameters =
        new ArrayList<>(
            List.of(
                QueryParameter.text("plate", "plate text, either case"),
                QueryParameter.choice(
                    "match", "how the plate matches (default exact)", "exact", "prefix", "fuzzy"),
                QueryParameter.text("camera", "camera id"),
                QueryParameter.time("from", "first seen at or after"),
                QueryParameter.time("to", "first seen before")));
    parameters.addAll(Paged.parameters(DEFAULT_SIZE));
    return parameters;
  }

  public static List<ApiRoute> of(
      EventQueries events, Supplier<List<Map<String, Object>>> cameras) {
    QueryParameter id = QueryParameter.text("id", "event id").asRequired();
    return List.of(
        ApiRoute.get(
            "/api/events",
            "search events, newest first",
            searchParameters(),
            (query, ctx) -> {
              Paged.Request request = Paged.Request.of(query, DEFAULT_SIZE);
              Page page = events.search(eventQuery(query, request.page(), request.size()));
              return Paged.of("/api/events", query, request, page.total(), page.events());
            }),
        new ApiRoute(
            HandlerType.GET,
            "/api/events.csv",
            "the same search as CSV, up to " + MAX_CSV_ROWS + " rows",
            searchParameters().subList(0, 5),
            ApiRoute.Answer.CSV,
            (ctx, query) -> {
              List<EventView> rows = new ArrayList<>();
              for (int page = 0; rows.size() < MAX_CSV_ROWS; page++) {
                Page found = events.search(eventQuery(query, page, EventQuery.MAX_PAGE_SIZE));
                rows.addAll(found.events());
                if (found.events().size() < EventQuery.MAX_PAGE_SIZE) {
                  break;
                }
              }
              ctx.header("Content-Disposition", "attachment; filename=\"plate-events.csv\"")
                  .contentType("text/csv; charset=utf-8")
                  .result(EventsCsv.write(rows.subList(0, Math.min(rows.size(), MAX_CSV_ROWS))));
            }),
        ApiRoute.get(
            "/api/event",
            "one event with all its candidates",
            List.of(id),
            (query, ctx) ->
                events
                    .byId(query.required("id"))
                    .orElseThrow(() -> new NotFoundResponse("no event " + query.required("id")))),
        new ApiRoute(
            HandlerType.GET,
            "/api/crop",
            "the event's best crop as JPEG",
            List.of(id),
            ApiRoute.Answer.JPEG,
            (ctx, query) -> {
              byte[] crop =
                  events
                      .crop(query.required("id"))
                      .orElseThrow(() -> new NotFoundResponse("no crop kept for that event"));
              // An event's crop never changes once stored.
              ctx.header("Cache-Control", "private, max-age=86400, immutable")
                  .contentType("image/jpeg")
                  .result(crop);
            }),
        new ApiRoute(
            HandlerType.GET,
            "/api/snapshot",
            "the frame of the event's best read, scaled, its plate outlined, as JPEG",
            List.of(id),
            ApiRoute.Answer.JPEG,
            (ctx, query) -> {
              byte[] snapshot =
                  events
                      .snapshot(query.required("id"))
                      .orElseThrow(() -> new NotFoundResponse("no snapshot kept for that event"));
              ctx.header("Cache-Control", "private, max-age=86400, immutable")
                  .contentType("image/jpeg")
                  .result(snapshot);
            }),
        ApiRoute.get(
            "/api/cameras",
            "per-camera health and throughput, one row per configured camera",
            Paged.parameters(DEFAULT_SIZE),
            (query, ctx) -> {
              List<Map<String, Object>> all = cameras.get();
              Paged.Request request = Paged.Request.of(query, DEFAULT_SIZE);
              return Paged.of("/api/cameras", query, request, all.size(), request.slice(all));
            }));
  }

  private static EventQuery eventQuery(RequestQuery query, int page, int size) {
    return new EventQuery(
        query.text("plate").orElse(null),
        PlateMatch.parse(query.text("match").orElse("exact")),
        query.text("camera").orElse(null),
        query.time("from").orElse(null),
        query.time("to").orElse(null),
        page,
        size);
  }
}
