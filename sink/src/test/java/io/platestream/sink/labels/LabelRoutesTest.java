package io.platestream.sink.labels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.ContractExamples;
import io.platestream.schemas.LabelVerdict;
import io.platestream.schemas.PlateCandidate;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.PlateLabel;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.sink.SinkService;
import io.platestream.sink.hotlist.HotlistTopology;
import io.platestream.sink.testing.SinkTopics;
import io.platestream.testing.EmbeddedPlatformExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review on the real broker: the queue offers rejected, unsure and disputed readings; an operator's
 * verdict becomes a label keyed by event id on the compacted labels topic (a second review replaces
 * the first), with the crop; verdicts that do not fit are refused with the reason.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class LabelRoutesTest {
  private static final String TOKEN = "review-token-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void verdictsBecomeLabelsAndLeaveTheQueue(EmbeddedPlatform platform, @TempDir Path state)
      throws Exception {
    HotlistTopology.TopicNames topics = SinkTopics.create(platform);
    try (SchemaRegistryClient schemas = platform.newRegistryClient();
        SinkService sink =
            SinkTopics.startSink(platform, schemas, topics, state, TOKEN, Map.of())) {
      PlateEvent sure = event("gate/1", "京A12345", true, 0.98f, 0f);
      PlateEvent unsure = event("gate/2", "京A12845", true, 0.62f, 0f);
      PlateEvent rejected = event("gate/3", "A1234", false, 0.95f, 0f);
      PlateEvent disputed = event("gate/4", "沪B67890", true, 0.93f, 0.35f);
      SinkTopics.produce(platform, schemas, topics.events(), sure, unsure, rejected, disputed);

      JsonNode queue = await(sink.url(), 3);
      assertThat(ids(queue)).containsExactly("gate/4", "gate/3", "gate/2");

      HttpResponse<String> corrected = post(sink.url(), "id=gate/2&verdict=corrected&text=京a12345");
      assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(200);
      assertThat(JSON.readTree(corrected.body()).get("text").asText()).isEqualTo("京A12345");
      assertThat(JSON.readTree(corrected.body()).get("reviewer").asText()).isEqualTo("api token");
      // Reviewed again: the later verdict replaces the first.
      assertThat(post(sink.url(), "id=gate/2&verdict=corrected&text=京A12346").statusCode())
          .isEqualTo(200);
      assertThat(post(sink.url(), "id=gate/3&verdict=not_a_plate").statusCode()).isEqualTo(200);

      // What does not fit is refused with the reason.
      HttpResponse<String> noText = post(sink.url(), "id=gate/4&verdict=corrected");
      assertThat(noText.statusCode()).isEqualTo(400);
      assertThat(noText.body()).contains("a correction needs the right plate as text");
      assertThat(post(sink.url(), "id=gate/4&verdict=corrected&text=沪B67890").body())
          .contains("confirm it instead");
      assertThat(post(sink.url(), "id=gate/4&verdict=unreadable&text=X").body())
          .contains("unreadable takes no text");
      assertThat(post(sink.url(), "id=gate/4&verdict=corrected&text=京A 123").body())
          .contains("letters and digits only");
      assertThat(post(sink.url(), "id=gate/9&verdict=confirmed").statusCode()).isEqualTo(404);
      assertThat(post(sink.url(), "id=gate/4&verdict=maybe").statusCode()).isEqualTo(400);

      assertThat(ids(await(sink.url(), 1))).containsExactly("gate/4");

      Map<String, PlateLabel> labels = SinkTopics.labels(platform, schemas, topics);
      assertThat(labels).containsOnlyKeys("gate/2", "gate/3");
      PlateLabel label = labels.get("gate/2");
      assertThat(label.getVerdict()).isEqualTo(LabelVerdict.CORRECTED);
      assertThat(label.getText()).isEqualTo("京A12346");
      assertThat(label.getReadText()).isEqualTo("京A12845");
      assertThat(label.getCameraId()).isEqualTo("gate");
      assertThat(label.getCrop()).isEqualTo(unsure.getBestCrop());
      assertThat(label.getRecognizer()).isEqualTo(unsure.getRecognizer());
      assertThat(labels.get("gate/3").getVerdict()).isEqualTo(LabelVerdict.NOT_A_PLATE);
      assertThat(labels.get("gate/3").getText()).isNull();

      // A label can be deleted, and none outlives the retention of its event.
      HttpResponse<String> deleted =
          http.send(
              HttpRequest.newBuilder(URI.create(sink.url() + "/api/labels?id=gate/3"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .DELETE()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
      assertThat(SinkTopics.labels(platform, schemas, topics)).containsOnlyKeys("gate/2");
      try (LabelWriter writer =
          new LabelWriter(
              platform.bootstrapServers(), schemas, topics.labels(), Clock.systemUTC())) {
        // gate/2's pass began at 1_790_000_050_000; a day later it is past a 12-hour retention.
        Clock dayAfter =
            Clock.fixed(
                java.time.Instant.ofEpochMilli(1_790_086_450_000L), java.time.ZoneOffset.UTC);
        LabelRetention retention =
            new LabelRetention(
                platform.bootstrapServers(),
                schemas,
                topics.labels(),
                writer,
                Duration.ofHours(12),
                dayAfter);
        assertThat(retention.runOnce()).isEqualTo(1);
        assertThat(SinkTopics.labels(platform, schemas, topics)).isEmpty();
      }
    }
  }

  @Test
  void aReviewerLabelsUnderTheirOwnNameAndMayDoNothingElse(
      EmbeddedPlatform platform, @TempDir Path state) throws Exception {
    HotlistTopology.TopicNames topics = SinkTopics.create(platform);
    try (SchemaRegistryClient schemas = platform.newRegistryClient();
        SinkService sink =
            SinkTopics.startSink(
                platform, schemas, topics, state, TOKEN, Map.of("ana", "ana-reviews-plates"))) {
      SinkTopics.produce(
          platform, schemas, topics.events(), event("gate/2", "京A12845", true, 0.62f, 0f));
      assertThat(ids(await(sink.url(), 1))).containsExactly("gate/2");
      String ana =
          "Basic "
              + java.util.Base64.getEncoder()
                  .encodeToString("ana:ana-reviews-plates".getBytes(StandardCharsets.UTF_8));

      HttpResponse<String> review = send("GET", sink.url() + "/api/review", ana);
      assertThat(review.statusCode()).as(review.body()).isEqualTo(200);
      HttpResponse<String> labelled =
          send("POST", sink.url() + "/api/labels?id=gate/2&verdict=confirmed", ana);
      assertThat(labelled.statusCode()).as(labelled.body()).isEqualTo(200);
      assertThat(JSON.readTree(labelled.body()).get("reviewer").asText()).isEqualTo("ana");

      // Deleting labels and changing watchlists stay the operator's.
      HttpResponse<String> delete = send("DELETE", sink.url() + "/api/labels?id=gate/2", ana);
      assertThat(delete.statusCode()).isEqualTo(403);
      assertThat(delete.body())
          .contains("reviewer ana may read events and label them, not DELETE /api/labels");
      assertThat(send("DELETE", sink.url() + "/api/watchlists?name=stolen", ana).statusCode())
          .isEqualTo(403);
      assertThat(SinkTopics.labels(platform, schemas, topics).get("gate/2").getReviewer())
          .isEqualTo("ana");
      assertThat(
              send("DELETE", sink.url() + "/api/labels?id=gate/2", "Bearer " + TOKEN).statusCode())
          .isEqualTo(200);
    }
  }

  private HttpResponse<String> send(String method, String url, String authorization)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", authorization)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static PlateEvent event(
      String id, String plate, boolean valid, float confidence, float runnerUp) {
    List<PlateCandidate> candidates = new ArrayList<>();
    candidates.add(new PlateCandidate(plate, confidence, valid));
    if (runnerUp > 0) {
      candidates.add(new PlateCandidate(plate.replace('6', '8'), runnerUp, true));
    }
    return PlateEvent.newBuilder(ContractExamples.event())
        .setEventId(id)
        .setCameraId("gate")
        .setPlate(plate)
        .setValid(valid)
        .setConfidence(confidence)
        .setCandidates(candidates)
        // Later ids are newer: the queue lists the newest first.
        .setFirstSeenMs(1_790_000_000_000L + 1_000L * id.charAt(id.length() - 1))
        .setLastSeenMs(1_790_000_000_500L + 1_000L * id.charAt(id.length() - 1))
        .build();
  }

  /** The review queue once it holds {@code size} events. */
  private JsonNode await(String url, int size) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode queue = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/api/review?size=10"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      queue = JSON.readTree(answer.body()).get("events");
      if (queue.size() == size) {
        return queue;
      }
      Thread.sleep(200);
    }
    return queue;
  }

  private static List<String> ids(JsonNode events) {
    List<String> ids = new ArrayList<>();
    events.forEach(e -> ids.add(e.get("eventId").asText()));
    return ids;
  }

  private HttpResponse<String> post(String url, String query) throws Exception {
    StringBuilder encoded = new StringBuilder();
    for (String pair : query.split("&")) {
      String[] kv = pair.split("=", 2);
      if (encoded.length() > 0) {
        encoded.append('&');
      }
      encoded.append(kv[0]).append('=').append(URLEncoder.encode(kv[1], StandardCharsets.UTF_8));
    }
    return http.send(
        HttpRequest.newBuilder(URI.create(url + "/api/labels?" + encoded))
            .header("Authorization", "Bearer " + TOKEN)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
