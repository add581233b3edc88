package io.platestream.sink.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Server-sent events to every open dashboard: each published item goes to each client's small
 * queue; a client too slow to keep up is disconnected (its browser reconnects and reloads the
 * recent events) rather than slowing the others. A comment line every 15 s keeps proxies from
 * closing an idle stream.
 */
public final class LiveFeed implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLOSE = "\u0000close";

  private final Set<BlockingQueue<String>> clients = ConcurrentHashMap.newKeySet();

  /** Sends {@code payload} as JSON, as an event named {@code name}, to every client. */
  public void publish(String name, Object payload) {
    String message;
    try {
      message = "event: " + name + "\ndata: " + JSON.writeValueAsString(payload) + "\n\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a live " + name + " as JSON", e);
    }
    for (BlockingQueue<String> client : clients) {
      if (!client.offer(message)) {
        clients.remove(client);
        client.clear();
        client.offer(CLOSE);
      }
    }
  }

  public int clients() {
    return clients.size();
  }

  /** Streams to one client until it goes away or the feed closes (blocks the calling thread). */
  void serve(HttpExchange exchange) throws IOException {
    BlockingQueue<String> queue = new ArrayBlockingQueue<>(256);
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(200, 0);
    clients.add(queue);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      while (true) {
        String message = queue.poll(15, TimeUnit.SECONDS);
        if (CLOSE.equals(message)) {
          return;
        }
        out.write((message == null ? ": ping\n\n" : message).getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client went away
    } finally {
      clients.remove(queue);
    }
  }

  @Override
  public void close() {
    for (BlockingQueue<String> client : clients) {
      client.clear();
      client.offer(CLOSE);
    }
    clients.clear();
  }
}
