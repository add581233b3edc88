package io.platestream.models.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.schemas.ModelRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ModelHolderTest {

  @Test
  void aCallRunningDuringASwapFinishesOnTheOldModelWhichClosesAfterIt() {
    List<String> closed = new ArrayList<>();
    ModelHolder<String> holder = new ModelHolder<>("v1", new ModelRef("m", 1), closed::add);

    ModelLease<String> running = holder.acquire();
    holder.swap("v2", new ModelRef("m", 2));
    assertThat(closed).as("v1 is still in use").isEmpty();
    try (ModelLease<String> next = holder.acquire()) {
      assertThat(next.model()).isEqualTo("v2");
      assertThat(next.ref().getVersion()).isEqualTo(2);
    }
    assertThat(running.model()).isEqualTo("v1");
    running.close();
    running.close(); // twice is harmless
    assertThat(closed).containsExactly("v1");

    holder.close();
    assertThat(closed).containsExactly("v1", "v2");
  }

  @Test
  void underConcurrentCallsAndSwapsNoModelIsUsedAfterItIsClosed() throws Exception {
    List<Model> models = new CopyOnWriteArrayList<>();
    Model first = new Model(1);
    models.add(first);
    ModelHolder<Model> holder = new ModelHolder<>(first, new ModelRef("m", 1), Model::close);
    AtomicBoolean stop = new AtomicBoolean();
    java.util.concurrent.CountDownLatch calling = new java.util.concurrent.CountDownLatch(4);
    ExecutorService callers = Executors.newFixedThreadPool(4);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      results.add(
          callers.submit(
              () -> {
                int calls = 0;
                while (!stop.get()) {
                  try (ModelLease<Model> lease = holder.acquire()) {
                    lease.model().use();
                    assertThat(lease.ref().getVersion()).isEqualTo(lease.model().version);
                    calls++;
                  }
                  if (calls == 1) {
                    calling.countDown();
                  }
                }
                return calls;
              }));
    }
    assertThat(calling.await(30, TimeUnit.SECONDS)).isTrue(); // every caller is calling
    for (int v = 2; v <= 2000; v++) {
      Model next = new Model(v);
      models.add(next);
      holder.swap(next, new ModelRef("m", v));
    }
    stop.set(true);
    for (Future<Integer> result : results) {
      assertThat(result.get(30, TimeUnit.SECONDS)).isPositive(); // rethrows a use after close
    }
    callers.shutdown();
    holder.close();
    assertThat(models).allSatisfy(m -> assertThat(m.closed).isTrue());
  }

  private static final class Model {
    final int version;
    volatile boolean closed;

    Model(int version) {
      this.version = version;
    }

    void use() {
      if (closed) {
        throw new IllegalStateException("model " + version + " used after close");
      }
    }

    void close() {
      if (closed) {
        throw new IllegalStateException("model " + version + " closed twice");
      }
      closed = true;
    }
  }
}
