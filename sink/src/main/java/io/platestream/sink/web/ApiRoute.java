package io.platestream.sink.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * One route of the API: method, exact path, what it does, the query parameters it accepts and what
 * it answers with. The server registers these and nothing else under {@code /api}, and the OpenAPI
 * description is written from the same list, so the two cannot disagree.
 */
public record ApiRoute(
    HandlerType method,
    String path,
    String summary,
    List<QueryParameter> parameters,
    Answer answer,
    Handler handler) {

  /** What a route answers with on success. */
  public enum Answer {
    JSON("application/json"),
    JPEG("image/jpeg"),
    CSV("text/csv"),
    EVENT_STREAM("text/event-stream");

    public final String mediaType;

    Answer(String mediaType) {
      this.mediaType = mediaType;
    }
  }

  /** Handles a request whose query has already been checked against the route's parameters. */
  @FunctionalInterface
  public interface Handler {
    void handle(Context context, RequestQuery query) throws Exception;
  }

  /** Answers with the object the function returns, as JSON. */
  @FunctionalInterface
  public interface JsonHandler {
    Object answer(RequestQuery query, Context context) throws Exception;
  }

  public ApiRoute {
    parameters = List.copyOf(parameters);
    if (!path.startsWith("/api/")) {
      throw new IllegalArgumentException("API routes live under /api/, not " + path);
    }
  }

  public static ApiRoute json(
      HandlerType method,
      String path,
      String summary,
      List<QueryParameter> parameters,
      JsonHandler handler) {
    return new ApiRoute(
        method,
        path,
        summary,
        parameters,
        Answer.JSON,
        (context, query) -> context.json(handler.answer(query, context)));
  }

  public static ApiRoute get(
      String path, String summary, List<QueryParameter> parameters, JsonHandler handler) {
    return json(HandlerType.GET, path, summary, parameters, handler);
  }
}
