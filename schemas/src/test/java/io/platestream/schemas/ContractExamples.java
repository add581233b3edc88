package io.platestream.schemas;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * One realistic record of every contract. The demo's self-check and the contract tests send these
 * through Kafka and the registry; integrators can read them as documentation of the fields.
 */
public final class ContractExamples {
  private static final long T0 = 1_790_000_000_000L;
  private static final byte[] TINY_JPEG = {
    (byte) 0xff,
    (byte) 0xd8,
    (byte) 0xff,
    (byte) 0xe0,
    0,
    16,
    'J',
    'F',
    'I',
    'F',
    0,
    (byte) 0xff,
    (byte) 0xd9
  };

  public static Frame frame() {
    return Frame.newBuilder()
        .setCameraId("gate-north")
        .setSeq(42)
        .setCaptureTimeMs(T0)
        .setIngestTimeMs(T0 + 35)
        .setWidth(1920)
        .setHeight(1080)
        .setJpeg(ByteBuffer.wrap(TINY_JPEG))
        .setSourceUri("rtsp://10.0.0.7:554/stream1")
        .build();
  }

  public static FrameRef frameRef() {
    Frame f = frame();
    return new FrameRef(
        f.getCameraId(), f.getSeq(), f.getCaptureTimeMs(), f.getWidth(), f.getHeight());
  }

  public static Quad polygon() {
    return new Quad(
        new Point(812f, 640f),
        new Point(1012f, 652f),
        new Point(1009f, 716f),
        new Point(809f, 704f));
  }

  public static ModelRef detector() {
    return new ModelRef("plate-detector", 1);
  }

  public static ModelRef recognizer() {
    return new ModelRef("plate-recognizer", 1);
  }

  public static PlateDetection detection() {
    return PlateDetection.newBuilder()
        .setDetectionId("gate-north/42/0")
        .setFrame(frameRef())
        .setPlateIndex(0)
        .setPolygon(polygon())
        .setScore(0.93f)
        .setCrop(ByteBuffer.wrap(TINY_JPEG))
        .setCropWidth(200)
        .setCropHeight(64)
        .setDetector(detector())
        .setDetectTimeMs(T0 + 140)
        .build();
  }

  public static PlateRead read() {
    return PlateRead.newBuilder()
        .setDetectionId("gate-north/42/0")
        .setFrame(frameRef())
        .setPolygon(polygon())
        .setDetectionScore(0.93f)
        .setText("皖A12345")
        .setValid(true)
        .setConfidence(0.97f)
        .setCharConfidences(List.of(0.99f, 0.98f, 0.97f, 0.96f, 0.95f, 0.97f, 0.97f))
        .setCandidates(
            List.of(
                new PlateCandidate("皖A12345", 0.97f, true),
                new PlateCandidate("皖A12346", 0.02f, true)))
        .setCrop(ByteBuffer.wrap(TINY_JPEG))
        .setDetector(detector())
        .setRecognizer(recognizer())
        .setReadTimeMs(T0 + 160)
        .build();
  }

  public static PlateEvent event() {
    return PlateEvent.newBuilder()
        .setEventId("gate-north/gate-north/40/0")
        .setCameraId("gate-north")
        .setPlate("皖A12345")
        .setValid(true)
        .setConfidence(0.98f)
        .setFirstSeenMs(T0 - 800)
        .setLastSeenMs(T0 + 400)
        .setReadCount(7)
        .setCandidates(List.of(new PlateCandidate("皖A12345", 0.98f, true)))
        .setBestCrop(ByteBuffer.wrap(TINY_JPEG))
        .setBestFrame(frameRef())
        .setBestPolygon(polygon())
        .setDetector(detector())
        .setRecognizer(recognizer())
        .setEmitTimeMs(T0 + 2400)
        .build();
  }

  public static HotlistAlert alert() {
    return HotlistAlert.newBuilder()
        .setAlertId("gate-north/gate-north/40/0/stolen/e1")
        .setPlate("皖A12345")
        .setWatchlist("stolen")
        .setEntryId("e1")
        .setEntryPattern("皖A12345")
        .setMatchType(HotlistMatchType.EXACT)
        .setEditDistance(0)
        .setLabel("stolen vehicle")
        .setSeverity(AlertSeverity.CRITICAL)
        .setEvent(event())
        .setAlertTimeMs(T0 + 2450)
        .build();
  }

  public static Watchlist watchlist() {
    return Watchlist.newBuilder()
        .setName("stolen")
        .setEntries(
            List.of(
                new WatchlistEntry(
                    "e1",
                    HotlistMatchType.EXACT,
                    "皖A12345",
                    "stolen vehicle",
                    AlertSeverity.CRITICAL),
                new WatchlistEntry(
                    "e2",
                    HotlistMatchType.PATTERN,
                    "皖A9.*",
                    "fleet under watch",
                    AlertSeverity.INFO)))
        .setUpdatedTimeMs(T0)
        .build();
  }

  public static ShadowComparison shadowComparison() {
    return ShadowComparison.newBuilder()
        .setModelName("plate-recognizer")
        .setProduction(recognizer())
        .setShadow(new ModelRef("plate-recognizer", 2))
        .setInputId("gate-north/40/0")
        .setCameraId("gate-north")
        .setAgree(false)
        .setAgreement(0)
        .setConfidenceDelta(-0.12)
        .setProductionOutput("皖A12345")
        .setShadowOutput("皖A1234S")
        .setShadowMs(4.5)
        .setComparedTimeMs(T0 + 2500)
        .build();
  }

  public static ModelVersion modelVersion() {
    TensorSpec input = new TensorSpec("x", "FLOAT", List.of(-1L, 3L, -1L, -1L));
    TensorSpec output = new TensorSpec("sigmoid_0.tmp_0", "FLOAT", List.of(-1L, 1L, -1L, -1L));
    return ModelVersion.newBuilder()
        .setModelName("plate-detector")
        .setVersion(1)
        .setStatus(ModelStatus.PRODUCTION)
        .setSha256("0".repeat(64))
        .setArtifactUri("classpath:models/ch_PP-OCRv4_det_infer.onnx")
        .setSizeBytes(4_745_517L)
        .setInputs(List.of(input))
        .setOutputs(List.of(output))
        .setMetrics(Map.of("hmean", 0.76))
        .setTrainingConfig(Map.of())
        .setCreatedTimeMs(T0)
        .setStatusReason("bundled pretrained model")
        .build();
  }

  private ContractExamples() {}
}
