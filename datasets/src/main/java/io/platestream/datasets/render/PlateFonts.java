package io.platestream.datasets.render;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CJK fonts synthetic plates are drawn with. Several typefaces, so the data does not teach a
 * model one font. They come from Debian packages; the list names the files those packages install.
 */
public final class PlateFonts {
  /** Debian's fonts-wqy-zenhei, fonts-wqy-microhei and fonts-arphic-uming. */
  public static final List<Path> DEBIAN_FONT_FILES =
      List.of(
          Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
          Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
          Path.of("/usr/share/fonts/truetype/arphic/uming.ttc"));

  public static final String INSTALL_HINT =
      "apt-get install fonts-wqy-zenhei fonts-wqy-microhei fonts-arphic-uming";

  /** Characters every plate font must draw: a province, a letter, a digit and a suffix. */
  private static final String REQUIRED = "皖粤京A8警学挂";

  private final List<Font> fonts;

  private PlateFonts(List<Font> fonts) {
    this.fonts = List.copyOf(fonts);
  }

  /**
   * Loads every usable font of the Debian packages; fails with the install command when none is.
   */
  public static PlateFonts load() {
    return load(DEBIAN_FONT_FILES);
  }

  public static PlateFonts load(List<Path> files) {
    List<Font> loaded = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Path file : files) {
      if (!Files.isReadable(file)) {
        problems.add(file + " is missing");
        continue;
      }
      try {
        Font font = Font.createFonts(file.toFile())[0];
        if (font.canDisplayUpTo(REQUIRED) == -1) {
          loaded.add(font);
        } else {
          problems.add(file + " cannot draw all of " + REQUIRED);
        }
      } catch (IOException | FontFormatException e) {
        problems.add(file + " is unreadable: " + e.getMessage());
      }
    }
    if (loaded.isEmpty()) {
      throw new IllegalStateException(
          "no CJK font for synthetic plates ("
              + String.join("; ", problems)
              + "); install them with: "
              + INSTALL_HINT);
    }
    return new PlateFonts(loaded);
  }

  public List<Font> all() {
    return fonts;
  }

  public Font pick(java.util.Random random) {
    return fonts.get(random.nextInt(fonts.size()));
  }
}
