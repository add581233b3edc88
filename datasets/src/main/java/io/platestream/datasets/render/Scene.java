package io.platestream.datasets.render;

import io.platestream.datasets.geometry.Point2;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A rendered traffic scene with its ground truth: the plates, and the outlines of the distractor
 * text a plate detector must ignore (signs, shop fronts, logos).
 */
public record Scene(
    BufferedImage image,
    List<PlateInstance> plates,
    List<List<Point2>> distractors,
    SceneConditions conditions) {
  public Scene {
    plates = List.copyOf(plates);
    distractors = List.copyOf(distractors);
  }
}
