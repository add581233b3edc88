package io.platestream.sink.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.NotFoundResponse;
import io.platestream.sink.hotlist.AlertInbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The API's routes over alerts: the newest, paged, and acknowledging one. */
public final class AlertRoutes {
  private static final int DEFAULT_SIZE = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private AlertRoutes() {}

  /**
   * @param user who is signed in on a request (for the acknowledgement's record)
   */
  public static List<ApiRoute> of(AlertInbox inbox, Function<Context, String> user) {
    List<QueryParameter> listParameters = new ArrayList<>(Paged.parameters(DEFAULT_SIZE));
    listParameters.add(
        QueryParameter.choice("include", "'event' adds each alert's plate event", "event"));
    return List.of(
        ApiRoute.get(
            "/api/alerts",
            "the newest alerts first, with their acknowledgement",
            listParameters,
            (query, ctx) -> {
              boolean withEvents = query.text("include").isPresent();
              List<AlertInbox.Entry> all = inbox.all();
              Paged.Request request = Paged.Request.of(query, DEFAULT_SIZE);
              List<Map<String, Object>> items =
                  request.slice(all).stream().map(e -> item(e, withEvents)).toList();
              return Paged.of("/api/alerts", query, request, all.size(), items);
            }),
        ApiRoute.json(
            HandlerType.POST,
            "/api/alerts/acknowledge",
            "mark an alert as seen by the signed-in user",
            List.of(QueryParameter.text("id", "alert id").asRequired()),
            (query, ctx) ->
                item(
                    inbox
                        .acknowledge(
                            query.required("id"), user.apply(ctx), System.currentTimeMillis())
                        .orElseThrow(
                            () -> new NotFoundResponse("no alert " + query.required("id"))),
                    false)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> item(AlertInbox.Entry entry, boolean withEvent) {
    Map<String, Object> item =
        new LinkedHashMap<>(
            JSON.convertValue(withEvent ? entry.alert() : entry.alert().withoutEvent(), Map.class));
    item.put("acknowledged", entry.acknowledged());
    if (entry.acknowledged()) {
      item.put("acknowledgedBy", entry.acknowledgedBy());
      item.put(
          "acknowledgedAt", java.time.Instant.ofEpochMilli(entry.acknowledgedAtMs()).toString());
    }
    return item;
  }
}
