package io.platestream.testing;

import io.platestream.platform.EmbeddedPlatform;
import java.util.concurrent.atomic.AtomicInteger;

/** Unique topic names, so tests sharing one broker never read each other's records. */
public final class TestTopics {
  private static final AtomicInteger counter = new AtomicInteger();

  /** A fresh topic name starting with {@code prefix}, created with the given partition count. */
  public static String create(EmbeddedPlatform platform, String prefix, int partitions) {
    String name = unique(prefix);
    platform.kafka().createTopics(partitions, name);
    return name;
  }

  public static String unique(String prefix) {
    return prefix + "-" + ProcessHandle.current().pid() + "-" + counter.incrementAndGet();
  }

  private TestTopics() {}
}
