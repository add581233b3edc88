package io.platestream.app;

import picocli.CommandLine.Option;

/** Who may read a stage's /status and /metrics. */
final class OperatorOptions {
  @Option(
      names = "--operator-token",
      description =
          "Require 'Authorization: Bearer <token>' for /status and /metrics (/health stays open);"
              + " better set as $PLATESTREAM_OPERATOR_TOKEN. Default: open to whoever reaches the"
              + " port.")
  String token;
}
