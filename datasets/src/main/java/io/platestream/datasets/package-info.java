/**
 * Plate datasets and metrics. Owns synthetic data, label formats and PaddleOCR's metric
 * definitions. Must not know about Kafka or any stage, so every module may use it.
 */
package io.platestream.datasets;
