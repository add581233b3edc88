package io.platestream.sink.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One page of a list as every list of the API answers: the page asked for, its size, how many there
 * are in all, the items, and the link to the next page (null on the last).
 */
public record Paged<T>(int page, int size, long total, List<T> items, String next) {

  /** The largest page the API hands out. */
  public static final int MAX_SIZE = 200;

  /** The paging parameters every list route accepts. */
  public static List<QueryParameter> parameters(int defaultSize) {
    return List.of(
        QueryParameter.integer("page", "page number, from 0", 0, 1_000_000),
        QueryParameter.integer(
            "size", "items per page (default " + defaultSize + ")", 1, MAX_SIZE));
  }

  /** The page the query asks for. */
  public record Request(int page, int size) {
    public static Request of(RequestQuery query, int defaultSize) {
      return new Request((int) query.integer("page", 0), (int) query.integer("size", defaultSize));
    }

    public long offset() {
      return (long) page * size;
    }

    /** The slice of a whole list that this page holds. */
    public <T> List<T> slice(List<T> all) {
      int from = (int) Math.min(all.size(), offset());
      return all.subList(from, (int) Math.min(all.size(), from + (long) size));
    }
  }

  /** A page of items, linked to the next one through the same query. */
  public static <T> Paged<T> of(
      String path, RequestQuery query, Request request, long total, List<T> items) {
    String next = null;
    if (request.offset() + request.size() < total) {
      Map<String, String> parameters = new LinkedHashMap<>(query.given());
      parameters.put("page", String.valueOf(request.page() + 1));
      parameters.put("size", String.valueOf(request.size()));
      next =
          path
              + "?"
              + parameters.entrySet().stream()
                  .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                  .collect(Collectors.joining("&"));
    }
    return new Paged<>(request.page(), request.size(), total, List.copyOf(items), next);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
