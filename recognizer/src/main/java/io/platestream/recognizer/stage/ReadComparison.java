package io.platestream.recognizer.stage;

import io.platestream.recognizer.inference.PlateReading;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.PlateDetection;
import io.platestream.schemas.ShadowComparison;

/** How a shadow recognizer's reading of a crop compares with production's: the same text or not. */
final class ReadComparison {
  private ReadComparison() {}

  static ShadowComparison of(
      PlateDetection detection,
      PlateReading production,
      ModelRef productionRef,
      PlateReading shadow,
      ModelRef shadowRef,
      long shadowNanos,
      long nowMs) {
    boolean agree = production.text().equals(shadow.text());
    return ShadowComparison.newBuilder()
        .setModelName(productionRef.getName())
        .setProduction(productionRef)
        .setShadow(shadowRef)
        .setInputId(detection.getDetectionId())
        .setCameraId(detection.getFrame().getCameraId())
        .setAgree(agree)
        .setAgreement(agree ? 1 : 0)
        .setConfidenceDelta(shadow.confidence() - production.confidence())
        .setProductionOutput(production.text())
        .setShadowOutput(shadow.text())
        .setShadowMs(shadowNanos / 1e6)
        .setComparedTimeMs(nowMs)
        .build();
  }
}
