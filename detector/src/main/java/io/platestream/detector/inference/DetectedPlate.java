package io.platestream.detector.inference;

import java.awt.image.BufferedImage;

/** A plate found in a frame: its outline and score, and the rectified crop for the recognizer. */
public record DetectedPlate(TextBox box, BufferedImage crop) {}
