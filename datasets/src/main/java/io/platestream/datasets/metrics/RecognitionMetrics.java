package io.platestream.datasets.metrics;

/**
 * Recognition quality.
 *
 * @param accuracy share of exactly right strings
 * @param normEditDistance PaddleOCR's {@code norm_edit_dis}: 1 minus the mean normalised edit
 *     distance, so 1 is perfect (the name follows PaddleOCR's reports)
 * @param charAccuracy 1 minus total edit distance over total ground-truth characters, at least 0
 * @param samples number of strings compared
 */
public record RecognitionMetrics(
    double accuracy, double normEditDistance, double charAccuracy, int samples) {}
