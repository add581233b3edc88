package io.platestream.sink.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.NotFoundResponse;
import io.platestream.schemas.LabelVerdict;
import io.platestream.schemas.PlateLabel;
import io.platestream.sink.events.EventQueries;
import io.platestream.sink.events.EventView;
import io.platestream.sink.labels.LabelBox;
import io.platestream.sink.labels.LabelWriter;
import io.platestream.sink.labels.ReviewQueue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The review routes: the events that need an operator's look, and the operator's verdict on one,
 * which becomes a label on {@code platestream.labels} for fine-tuning on the site's own plates.
 */
public final class LabelRoutes {
  private static final int DEFAULT_SIZE = 20;

  private LabelRoutes() {}

  /**
   * @param reviewer who is signed in on a request (recorded with each label)
   */
  public static List<ApiRoute> of(
      EventQueries events,
      ReviewQueue queue,
      LabelWriter labels,
      Function<Context, String> reviewer) {
    return List.of(
        ApiRoute.get(
            "/api/review",
            "events that need review (rejected, unsure or disputed readings), newest first,"
                + " none labelled yet",
            List.of(QueryParameter.integer("size", "how many (default 20)", 1, 100)),
            (query, ctx) ->
                Map.of("events", queue.next((int) query.integer("size", DEFAULT_SIZE)))),
        ApiRoute.json(
            HandlerType.POST,
            "/api/labels",
            "label an event: confirmed, corrected (with text), not_a_plate or unreadable",
            List.of(
                QueryParameter.text("id", "event id").asRequired(),
                QueryParameter.choice(
                        "verdict",
                        "the operator's verdict",
                        "confirmed",
                        "corrected",
                        "not_a_plate",
                        "unreadable")
                    .asRequired(),
                QueryParameter.text("text", "the right plate, for a correction"),
                QueryParameter.text(
                    "box",
                    "x1,y1,x2,y2: the plate's rectangle in the snapshot's pixels, when the"
                        + " detector's box was wrong")),
            (query, ctx) -> {
              String id = query.required("id");
              EventView event =
                  events.byId(id).orElseThrow(() -> new NotFoundResponse("no event " + id));
              byte[] snapshot = events.snapshot(id).orElse(null);
              PlateLabel label =
                  labels.write(
                      event,
                      events.crop(id).orElse(null),
                      snapshot,
                      LabelVerdict.valueOf(query.required("verdict").toUpperCase(Locale.ROOT)),
                      query.text("text").orElse(null),
                      query.text("box").map(box -> LabelBox.parse(box, snapshot)).orElse(null),
                      reviewer.apply(ctx));
              queue.labelled(id);
              return view(label);
            }),
        ApiRoute.json(
            HandlerType.DELETE,
            "/api/labels",
            "delete an event's label (it leaves the training data)",
            List.of(QueryParameter.text("id", "event id").asRequired()),
            (query, ctx) -> {
              String id = query.required("id");
              labels.delete(id);
              return Map.of("deleted", id);
            }));
  }

  /** A label as the API shows it: its fields without the images. */
  static Map<String, Object> view(PlateLabel label) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("eventId", label.getEventId());
    view.put("cameraId", label.getCameraId());
    view.put("verdict", label.getVerdict().name());
    view.put("text", label.getText());
    view.put("readText", label.getReadText());
    view.put("reviewer", label.getReviewer());
    view.put("reviewedMs", label.getReviewedMs());
    if (label.getBox() != null) {
      var box = label.getBox();
      view.put(
          "box",
          java.util.List.of(
              box.getTopLeft().getX(),
              box.getTopLeft().getY(),
              box.getBottomRight().getX(),
              box.getBottomRight().getY()));
    }
    return view;
  }
}
