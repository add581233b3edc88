package io.platestream.detector.serving;

import io.micrometer.core.instrument.MeterRegistry;
import io.platestream.detector.inference.ExecutionProvider;
import io.platestream.detector.inference.OnnxDetectorModel;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.detector.inference.PlateVerifier;
import io.platestream.models.ModelSignature;
import io.platestream.models.artifact.ArtifactStore;
import io.platestream.models.artifact.ClasspathArtifacts;
import io.platestream.models.registry.ModelRegistry;
import io.platestream.models.registry.PretrainedModels;
import io.platestream.models.serving.ModelFollower;
import io.platestream.models.serving.ShadowFollower;
import io.platestream.models.serving.SignatureCheck;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One detector version as a stage serves it: the ONNX Runtime session and the detector library
 * around it, opened and warmed up together and closed together, once (a second close does nothing).
 * The registry's production version is followed and swapped in without a restart.
 */
public final class ServedDetector implements AutoCloseable {
  private final OnnxDetectorModel model;
  private final PlateDetector detector;

  private ServedDetector(OnnxDetectorModel model, PlateDetector detector) {
    this.model = model;
    this.detector = detector;
  }

  public PlateDetector detector() {
    return detector;
  }

  public String version() {
    return model.version();
  }

  /**
   * The registry's production detector, followed from now on.
   *
   * @param verifier the plate verifier every version's boxes pass through
   */
  public static ModelFollower<ServedDetector> follow(
      ModelRegistry registry,
      ArtifactStore store,
      ExecutionProvider provider,
      int threads,
      PlateVerifier verifier,
      MeterRegistry meters) {
    return ModelFollower.start(
        PretrainedModels.DETECTOR,
        registry,
        store,
        loader(provider, threads, verifier),
        signatureCheck(),
        ServedDetector::close,
        ModelFollower.INTERVAL,
        meters);
  }

  /** The detector's shadow version, when the registry has one, run on {@code share} of frames. */
  public static ShadowFollower<PlateDetector> shadow(
      ModelRegistry registry,
      ArtifactStore store,
      ExecutionProvider provider,
      int threads,
      PlateVerifier verifier,
      double share,
      MeterRegistry meters) {
    return ShadowFollower.start(
        PretrainedModels.DETECTOR,
        registry,
        store,
        loader(provider, threads, verifier),
        signatureCheck(),
        ServedDetector::detector,
        share,
        ModelFollower.INTERVAL,
        meters);
  }

  /** Opens a version and runs one blank frame through it, so the first real frame is not slow. */
  static ModelFollower.Loader<ServedDetector> loader(
      ExecutionProvider provider, int threads, PlateVerifier verifier) {
    return (onnx, version) -> {
      OnnxDetectorModel model =
          OnnxDetectorModel.load(onnx, "v" + version.getVersion(), provider, threads);
      PlateDetector detector = PlateDetector.withVerifier(model, verifier);
      detector.detect(List.of(new BufferedImage(960, 544, BufferedImage.TYPE_INT_RGB)));
      return new ServedDetector(model, detector);
    };
  }

  /** Versions must have the bundled detector's tensor names and ranks. */
  private static SignatureCheck signatureCheck() {
    return SignatureCheck.like(
        ModelSignature.of(ClasspathArtifacts.read(OnnxDetectorModel.PRETRAINED_V4)));
  }

  @Override
  public void close() {
    model.close();
  }
}
