package io.platestream.datasets.render;

import io.platestream.datasets.plates.PlateType;
import java.awt.Color;

/** Colours and proportions of a plate type, from the Chinese plate standard (GA 36). */
record PlateStyle(
    Color background,
    Color backgroundEnd,
    Color text,
    Color suffix,
    double widthMm,
    double heightMm) {
  private static final Color BLUE = new Color(0x0C, 0x3F, 0x9C);
  private static final Color YELLOW = new Color(0xF2, 0xB7, 0x05);
  private static final Color WHITE = new Color(0xF4, 0xF4, 0xF0);
  private static final Color BLACK = new Color(0x14, 0x14, 0x14);
  private static final Color RED = new Color(0xC8, 0x10, 0x10);
  private static final Color GREEN = new Color(0x2E, 0xB8, 0x5C);
  private static final Color PALE_GREEN = new Color(0xE6, 0xF5, 0xE8);

  static PlateStyle of(PlateType type) {
    return switch (type) {
      case BLUE -> new PlateStyle(BLUE, BLUE, WHITE, WHITE, 440, 140);
      case YELLOW, COACH, TRAILER -> new PlateStyle(YELLOW, YELLOW, BLACK, BLACK, 440, 140);
      // New-energy small vehicles: white fading to green; large vehicles: yellow and green.
      case GREEN_SMALL -> new PlateStyle(PALE_GREEN, GREEN, BLACK, BLACK, 480, 140);
      case GREEN_LARGE -> new PlateStyle(YELLOW, GREEN, BLACK, BLACK, 480, 140);
      case POLICE -> new PlateStyle(WHITE, WHITE, BLACK, RED, 440, 140);
    };
  }
}
