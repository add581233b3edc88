package io.platestream.sink.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Camera rows for the dashboard, read from ingest processes' {@code /status} pages; a page that
 * does not answer becomes one row saying so, so the operator sees it.
 */
public final class IngestStatusSource implements Supplier<List<Map<String, Object>>> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<URI> pages;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public IngestStatusSource(List<URI> pages) {
    this.pages = pages;
  }

  @Override
  public List<Map<String, Object>> get() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (URI page : pages) {
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("HTTP " + response.statusCode());
        }
        rows.addAll(
            JSON.readValue(response.body(), new TypeReference<List<Map<String, Object>>>() {}));
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("cameraId", "(ingest at " + page + ")");
        row.put("state", "UNREACHABLE");
        row.put("reason", e.toString());
        rows.add(row);
      }
    }
    return rows;
  }
}
