package io.platestream.datasets.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;

/** CI installs the Debian CJK fonts (.ci/run) and must run these tests; elsewhere they skip. */
final class FontsAvailable {
  static void require() {
    boolean available = PlateFonts.DEBIAN_FONT_FILES.stream().anyMatch(Files::isReadable);
    if ("true".equals(System.getenv("CI"))) {
      assertThat(available)
          .as("CI must install the CJK fonts: " + PlateFonts.INSTALL_HINT)
          .isTrue();
    }
    assumeTrue(available, "no CJK font installed; " + PlateFonts.INSTALL_HINT);
  }

  private FontsAvailable() {}
}
