package io.platestream.sink.web;

import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Server-sent events to every open dashboard: each published item goes to each client's small
 * queue; a client too slow to keep up is disconnected (its browser reconnects and reloads the
 * recent events) rather than slowing the others. A comment every 15 s keeps proxies from closing an
 * idle stream.
 */
public final class LiveFeed implements AutoCloseable {
  private static final int QUEUE = 256;

  /** A named event for one client, or the sign to hang up. */
  private record Message(String name, Object payload) {
    static final Message CLOSE = new Message(null, null);
  }

  private final Set<BlockingQueue<Message>> clients = ConcurrentHashMap.newKeySet();

  /** Sends {@code payload} as JSON, as an event named {@code name}, to every client. */
  public void publish(String name, Object payload) {
    Message message = new Message(name, payload);
    for (BlockingQueue<Message> client : clients) {
      if (!client.offer(message)) {
        clients.remove(client);
        client.clear();
        client.offer(Message.CLOSE);
      }
    }
  }

  public int clients() {
    return clients.size();
  }

  /** Streams to one client until it goes away or the feed closes (blocks the calling thread). */
  void serve(SseClient client) {
    BlockingQueue<Message> queue = new ArrayBlockingQueue<>(QUEUE);
    client.ctx().header("Cache-Control", "no-store");
    clients.add(queue);
    try {
      client.sendComment("connected");
      while (!client.terminated()) {
        Message message = queue.poll(15, TimeUnit.SECONDS);
        if (message == Message.CLOSE) {
          return;
        }
        if (message == null) {
          client.sendComment("ping");
        } else {
          client.sendEvent(message.name(), message.payload());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // the client went away mid-send: its stream is over
    } finally {
      clients.remove(queue);
    }
  }

  @Override
  public void close() {
    for (BlockingQueue<Message> client : clients) {
      client.clear();
      client.offer(Message.CLOSE);
    }
    clients.clear();
  }
}
