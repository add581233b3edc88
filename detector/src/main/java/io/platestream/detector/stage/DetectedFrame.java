package io.platestream.detector.stage;

import io.platestream.detector.inference.EncodedPlate;
import java.util.List;

/**
 * A detected frame: its plates with their crops as JPEG, the scaled-down frame as JPEG (null when
 * it has no plates), and how long detection took.
 */
record DetectedFrame(ReadFrame frame, List<EncodedPlate> plates, byte[] snapshot, long nanos) {}
