package io.platestream.app;

import picocli.CommandLine.Option;

/** Who may read a stage's /status and /metrics. */
final class OperatorOptions {
  @Option(
      names = "--operator-token",
      description =
          "Require 'Authorization: Bearer <token>' for /status and /metrics (/health stays open;"
              + " the sink's dashboard users may read its /metrics too). Default:"
              + " $PLATESTREAM_OPERATOR_TOKEN, which keeps it out of the process list; unset, the"
              + " pages are open to whoever reaches the port.")
  String token;
}
