package io.platestream.datasets.geometry;

/** A point in image pixels (x to the right, y down). */
public record Point2(double x, double y) {}
