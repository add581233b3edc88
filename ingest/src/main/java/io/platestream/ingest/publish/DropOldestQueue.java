package io.platestream.ingest.publish;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded hand-over between a camera's decoder and its publisher. When the publisher cannot keep
 * up (Kafka slow or down) the oldest waiting item is dropped and counted: memory stays bounded and
 * what reaches Kafka after an outage is the freshest, which is what a live camera is for.
 */
public final class DropOldestQueue<T> {
  private final int capacity;
  private final ArrayDeque<T> items;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private long dropped;

  public DropOldestQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
    this.items = new ArrayDeque<>(capacity);
  }

  /** Adds an item; returns the item dropped to make room for it, or {@code null}. */
  public T offer(T item) {
    lock.lock();
    try {
      T evicted = null;
      if (items.size() == capacity) {
        evicted = items.pollFirst();
        dropped++;
      }
      items.addLast(item);
      notEmpty.signal();
      return evicted;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Adds an item, waiting for room instead of dropping: for sources that can wait (a recorded file
   * read as fast as possible), where losing frames would be wrong.
   */
  public void put(T item) throws InterruptedException {
    lock.lock();
    try {
      while (items.size() == capacity) {
        notFull.await();
      }
      items.addLast(item);
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /** The oldest item, waiting up to the timeout for one; {@code null} if none came. */
  public T poll(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lock();
    try {
      while (items.isEmpty()) {
        if (nanos <= 0) {
          return null;
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      T item = items.pollFirst();
      notFull.signal();
      return item;
    } finally {
      lock.unlock();
    }
  }

  public int size() {
    lock.lock();
    try {
      return items.size();
    } finally {
      lock.unlock();
    }
  }

  /** How many items were dropped to make room since the queue was made. */
  public long dropped() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }
}
