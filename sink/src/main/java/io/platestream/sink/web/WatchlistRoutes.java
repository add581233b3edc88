package io.platestream.sink.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.NotFoundResponse;
import io.platestream.sink.hotlist.WatchlistCatalog;
import io.platestream.sink.hotlist.WatchlistView;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The API's routes over watchlists: list, create or replace, delete. */
public final class WatchlistRoutes {
  private static final int DEFAULT_SIZE = 50;

  /** Unknown fields are refused, so that a typo is not silently dropped. */
  private static final ObjectMapper BODY =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private WatchlistRoutes() {}

  public static List<ApiRoute> of(WatchlistCatalog watchlists) {
    return List.of(
        ApiRoute.get(
            "/api/watchlists",
            "the watchlists by name",
            Paged.parameters(DEFAULT_SIZE),
            (query, ctx) -> {
              List<WatchlistView> all =
                  watchlists.all().values().stream().map(WatchlistView::of).toList();
              Paged.Request request = Paged.Request.of(query, DEFAULT_SIZE);
              return Paged.of("/api/watchlists", query, request, all.size(), request.slice(all));
            }),
        ApiRoute.json(
            HandlerType.PUT,
            "/api/watchlists",
            "create or replace a watchlist (JSON body: name, entries)",
            List.of(),
            (query, ctx) ->
                WatchlistView.of(watchlists.put(read(ctx.bodyAsBytes()).toWatchlist()))),
        ApiRoute.json(
            HandlerType.DELETE,
            "/api/watchlists",
            "delete a watchlist",
            List.of(QueryParameter.text("name", "watchlist name").asRequired()),
            (query, ctx) -> {
              String name = query.required("name");
              if (!watchlists.delete(name)) {
                throw new NotFoundResponse("no watchlist " + name);
              }
              return Map.of("deleted", name);
            }));
  }

  private static WatchlistView read(byte[] body) {
    if (body.length == 0) {
      throw new BadRequestResponse("the body must be a watchlist as JSON: name, entries");
    }
    try {
      return BODY.readValue(body, WatchlistView.class);
    } catch (JsonProcessingException e) {
      throw new BadRequestResponse("the body is not a valid watchlist: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadRequestResponse("the body cannot be read: " + e.getMessage());
    }
  }
}
