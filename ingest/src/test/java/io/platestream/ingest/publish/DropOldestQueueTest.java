package io.platestream.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DropOldestQueueTest {

  @Test
  void dropsAndCountsTheOldestWhenFull() throws InterruptedException {
    DropOldestQueue<Integer> queue = new DropOldestQueue<>(3);
    for (int i = 0; i < 10; i++) {
      queue.offer(i);
    }
    assertThat(queue.dropped()).isEqualTo(7);
    assertThat(queue.size()).isEqualTo(3);
    assertThat(queue.poll(0, TimeUnit.MILLISECONDS)).isEqualTo(7);
    assertThat(queue.poll(0, TimeUnit.MILLISECONDS)).isEqualTo(8);
    assertThat(queue.poll(0, TimeUnit.MILLISECONDS)).isEqualTo(9);
    assertThat(queue.poll(10, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void offerReturnsWhatWasDropped() {
    DropOldestQueue<String> queue = new DropOldestQueue<>(1);
    assertThat(queue.offer("a")).isNull();
    assertThat(queue.offer("b")).isEqualTo("a");
  }

  @Test
  void putWaitsForRoomInsteadOfDropping() throws Exception {
    DropOldestQueue<Integer> queue = new DropOldestQueue<>(1);
    queue.put(1);
    Thread producer =
        new Thread(
            () -> {
              try {
                queue.put(2);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    producer.start();
    assertThat(queue.poll(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(queue.poll(10, TimeUnit.SECONDS)).isEqualTo(2);
    producer.join();
    assertThat(queue.dropped()).isZero();
  }

  @Test
  void aWaitingConsumerGetsTheNextItem() throws Exception {
    DropOldestQueue<String> queue = new DropOldestQueue<>(2);
    Thread producer =
        new Thread(
            () -> {
              try {
                Thread.sleep(50);
              } catch (InterruptedException e) {
                return;
              }
              queue.offer("frame");
            });
    producer.start();
    assertThat(queue.poll(10, TimeUnit.SECONDS)).isEqualTo("frame");
    producer.join();
  }
}
