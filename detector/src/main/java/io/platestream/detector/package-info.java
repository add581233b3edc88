/**
 * Detector stage. Owns pre/post-processing of the DB text detector and the frames-to-plates
 * topology. Inference code ({@code inference}) never knows about Kafka; the topology never knows
 * about tensor layouts.
 */
package io.platestream.detector;
