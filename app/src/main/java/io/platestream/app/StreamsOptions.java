package io.platestream.app;

import picocli.CommandLine.Option;

/** How a Kafka Streams stage (detect, recognize) joins its consumer group. */
final class StreamsOptions {
  @Option(
      names = "--instance-id",
      description =
          "A stable name for this instance (such as its host or pod name): restarted with the"
              + " same one, it takes its partitions back at once instead of after the 10 s"
              + " session timeout. Unique per instance; default: none (dynamic membership).")
  String instanceId;
}
