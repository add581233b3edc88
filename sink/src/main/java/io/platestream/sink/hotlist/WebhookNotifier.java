package io.platestream.sink.hotlist;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.platestream.platform.KafkaClients;
import io.platestream.schemas.HotlistAlert;
import io.platestream.schemas.Redaction;
import io.platestream.schemas.Transient;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.sink.PausingRetry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each alert as JSON to a webhook, in order, with its alert id as the {@code Idempotency-Key}
 * header (a receiver that sees a retry twice can tell). A failure that may pass (no answer, 408,
 * 429, 5xx) is retried with exponential backoff and jitter until it succeeds; the consumer pauses
 * meanwhile, keeping its group membership. A 4xx refusal will not pass on retry: it is logged and
 * counted, and the next alert goes. Each alert's offset is committed right after its delivery, so a
 * crash posts again at most the alert it interrupted.
 */
public final class WebhookNotifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final WebhookSignature signature;
  private final Duration maxBackoff;
  private final KafkaConsumer<String, byte[]> consumer;
  private final AvroDeserializer<HotlistAlert> alerts;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String topic;
  private final Thread thread;
  private volatile String stoppedBy;
  private final Counter delivered;
  private final Counter refused;
  private final Counter retries;
  private volatile boolean running = true;

  public WebhookNotifier(
      String bootstrapServers,
      SchemaRegistryClient schemas,
      String alertsTopic,
      String groupId,
      URI url,
      WebhookSignature signature,
      Duration maxBackoff,
      MeterRegistry meters) {
    this.url = url;
    this.signature = signature;
    this.maxBackoff = maxBackoff;
    this.topic = alertsTopic;
    this.alerts = new AvroDeserializer<>(HotlistAlert.class, schemas);
    Map<String, Object> reader =
        new HashMap<>(KafkaClients.committedReader(bootstrapServers, groupId));
    reader.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
    this.consumer =
        new KafkaConsumer<>(reader, new StringDeserializer(), new ByteArrayDeserializer());
    this.delivered = counter(meters, "delivered", "Alerts the webhook accepted");
    this.refused =
        counter(meters, "refused", "Alerts the webhook refused with a 4xx (not retried)");
    this.retries = counter(meters, "retries", "Webhook attempts that failed and were retried");
    this.thread = new Thread(this::run, "webhook");
  }

  private static Counter counter(MeterRegistry meters, String what, String description) {
    return Counter.builder("platestream.webhook." + what).description(description).register(meters);
  }

  /** Why the notifier stopped on its own (the sink's /health reports it), or empty. */
  public Optional<String> problem() {
    String cause = stoppedBy;
    return cause == null ? Optional.empty() : Optional.of("webhook notifier stopped: " + cause);
  }

  public WebhookNotifier start() {
    thread.start();
    return this;
  }

  private void run() {
    try {
      consumer.subscribe(List.of(topic));
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          HotlistAlert[] alert = new HotlistAlert[1];
          boolean decoded =
              PausingRetry.untilDone(
                  consumer,
                  () -> running,
                  maxBackoff,
                  () -> {
                    try {
                      alert[0] = alerts.deserialize(record.topic(), record.value());
                    } catch (RuntimeException e) {
                      if (Transient.in(e)) {
                        return Optional.of(String.valueOf(e.getMessage())); // registry away
                      }
                      log.warn(
                          "{}@{} is not an alert, not posted: {}",
                          record.topic(),
                          record.offset(),
                          e.getMessage());
                    }
                    return Optional.empty();
                  },
                  (reason, waitMs) ->
                      log.warn(
                          "cannot decode an alert yet ({}); retrying in {} ms", reason, waitMs));
          if (!decoded || (alert[0] != null && !deliver(alert[0]))) {
            break; // closing: everything delivered before this one is committed
          }
          // One commit per alert: a crash then posts again only the alert it interrupted.
          PausingRetry.commit(
              consumer,
              Map.of(
                  new TopicPartition(record.topic(), record.partition()),
                  new OffsetAndMetadata(record.offset() + 1)),
              () -> running,
              maxBackoff,
              (reason, waitMs) -> log.warn("webhook {}; retrying in {} ms", reason, waitMs));
        }
      }
    } catch (org.apache.kafka.common.errors.WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      stoppedBy = e.toString();
      log.error("webhook notifier stopped: {}", e.toString(), e);
    } finally {
      consumer.close();
    }
  }

  /** Posts until the webhook takes it or refuses it for good; false when closing first. */
  private boolean deliver(HotlistAlert alert) {
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(AlertView.of(alert));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write alert " + alert.getAlertId() + " as JSON", e);
    }
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", alert.getAlertId())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signature != null) {
      // Signed once: a retry is the same delivery, so its time is the first attempt's.
      builder.header(WebhookSignature.HEADER, signature.sign(System.currentTimeMillis(), body));
    }
    HttpRequest request = builder.build();
    return PausingRetry.untilDone(
        consumer,
        () -> running,
        maxBackoff,
        () -> post(request, alert),
        (reason, waitMs) -> {
          retries.increment();
          log.warn(
              "webhook {} failed for alert {} ({}); retrying in {} ms",
              Redaction.url(url.toString()),
              alert.getAlertId(),
              reason,
              waitMs);
        });
  }

  /** One post: empty when the webhook took the alert or refused it for good, else why not. */
  private Optional<String> post(HttpRequest request, HotlistAlert alert) {
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status / 100 == 2) {
        delivered.increment();
        return Optional.empty();
      }
      if (status / 100 == 4 && status != 408 && status != 429) {
        refused.increment();
        log.error(
            "webhook {} refused alert {} with HTTP {}; not retried",
            Redaction.url(url.toString()),
            alert.getAlertId(),
            status);
        return Optional.empty();
      }
      return Optional.of("HTTP " + status);
    } catch (IOException e) {
      return Optional.of(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
      return Optional.of("interrupted");
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
