package io.platestream.datasets.metrics;

/** Detection precision, recall and their harmonic mean, with the counts behind them. */
public record DetectionMetrics(
    double precision, double recall, double hmean, int matched, int groundTruths, int detections) {}
