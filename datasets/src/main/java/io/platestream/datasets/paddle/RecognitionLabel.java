package io.platestream.datasets.paddle;

/** One line of a PaddleOCR recognition label file: a cropped text image and its text. */
public record RecognitionLabel(String imagePath, String text) {}
