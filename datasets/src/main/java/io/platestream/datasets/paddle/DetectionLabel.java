package io.platestream.datasets.paddle;

import java.util.List;

/** One line of a PaddleOCR detection label file: an image and its text regions. */
public record DetectionLabel(String imagePath, List<TextRegion> regions) {
  public DetectionLabel {
    regions = List.copyOf(regions);
  }
}
