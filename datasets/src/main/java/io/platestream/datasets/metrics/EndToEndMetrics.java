package io.platestream.datasets.metrics;

/** Plate-level end-to-end precision, recall and F-measure, with the counts behind them. */
public record EndToEndMetrics(
    double precision,
    double recall,
    double fMeasure,
    int hits,
    int predictions,
    int groundTruths) {}
