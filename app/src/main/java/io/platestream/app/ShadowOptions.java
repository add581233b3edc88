package io.platestream.app;

import io.platestream.schemas.Topics;
import picocli.CommandLine.Option;

/** How much of a stage's input the registry's shadow version, if any, also runs on. */
final class ShadowOptions {
  @Option(
      names = "--shadow-share",
      description =
          "Share of inputs (0..1) also run through the registry's shadow version, if any, with"
              + " the comparison written to "
              + Topics.SHADOW
              + " (default: ${DEFAULT-VALUE}).")
  double share = 0.1;
}
