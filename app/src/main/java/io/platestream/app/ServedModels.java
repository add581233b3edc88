package io.platestream.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.platestream.detector.inference.ExecutionProvider;
import io.platestream.detector.inference.OnnxDetectorModel;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.models.ModelSignature;
import io.platestream.models.artifact.ArtifactStore;
import io.platestream.models.artifact.ClasspathArtifacts;
import io.platestream.models.registry.ModelRegistry;
import io.platestream.models.registry.PretrainedModels;
import io.platestream.models.serving.ModelFollower;
import io.platestream.models.serving.Shadow;
import io.platestream.models.serving.ShadowMetrics;
import io.platestream.models.serving.ShadowShare;
import io.platestream.models.serving.SignatureCheck;
import io.platestream.recognizer.inference.CharacterDictionary;
import io.platestream.recognizer.inference.GrammarBeamDecoder;
import io.platestream.recognizer.inference.OnnxRecognizerModel;
import io.platestream.recognizer.inference.PlateGrammar;
import io.platestream.recognizer.inference.PlateRecognizer;
import io.platestream.recognizer.inference.RecPreprocessor;
import io.platestream.recognizer.stage.CropReader;
import io.platestream.schemas.Topics;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The stages' models as the registry's production versions, followed and swapped in without a
 * restart: how each version is opened, warmed up and closed.
 */
final class ServedModels {
  /** How often the registry is read for a new production version. */
  static final Duration FOLLOW_INTERVAL = Duration.ofSeconds(2);

  /** A detector version: the session and the library around it, closed together. */
  record Detector(OnnxDetectorModel model, PlateDetector detector) {}

  /** A recogniser version: the session and the reader around it, closed together. */
  record Recognizer(OnnxRecognizerModel model, CropReader reader) {}

  /** A shadow run and the follower that keeps its version current; closing stops both. */
  record Shadowed<M>(ModelFollower<?> follower, Shadow<M> shadow) implements AutoCloseable {
    @Override
    public void close() {
      follower.close();
    }
  }

  private ServedModels() {}

  static ModelFollower<Detector> detector(
      ModelRegistry registry,
      ArtifactStore store,
      ExecutionProvider provider,
      int threads,
      MeterRegistry meters) {
    return ModelFollower.start(
        PretrainedModels.DETECTOR,
        registry,
        store,
        detectorLoader(provider, threads),
        detectorCheck(),
        served -> served.model().close(),
        FOLLOW_INTERVAL,
        meters);
  }

  /** The detector's shadow version, when the registry has one. */
  static Shadowed<PlateDetector> detectorShadow(
      ModelRegistry registry,
      ArtifactStore store,
      ExecutionProvider provider,
      int threads,
      double share,
      MeterRegistry meters) {
    return shadowed(
        PretrainedModels.DETECTOR,
        registry,
        store,
        detectorLoader(provider, threads),
        detectorCheck(),
        served -> served.model().close(),
        Detector::detector,
        share,
        meters);
  }

  static ModelFollower<Recognizer> recognizer(
      ModelRegistry registry,
      ArtifactStore store,
      PlateGrammar grammar,
      int threads,
      MeterRegistry meters) {
    return ModelFollower.start(
        PretrainedModels.RECOGNIZER,
        registry,
        store,
        recognizerLoader(grammar, threads),
        recognizerCheck(),
        served -> served.model().close(),
        FOLLOW_INTERVAL,
        meters);
  }

  /** The recogniser's shadow version, when the registry has one. */
  static Shadowed<CropReader> recognizerShadow(
      ModelRegistry registry,
      ArtifactStore store,
      PlateGrammar grammar,
      int threads,
      double share,
      MeterRegistry meters) {
    return shadowed(
        PretrainedModels.RECOGNIZER,
        registry,
        store,
        recognizerLoader(grammar, threads),
        recognizerCheck(),
        served -> served.model().close(),
        Recognizer::reader,
        share,
        meters);
  }

  /** A shadow follower of {@code name}, and the shadow run over the part {@code view} picks. */
  private static <S, M> Shadowed<M> shadowed(
      String name,
      ModelRegistry registry,
      ArtifactStore store,
      ModelFollower.Loader<S> loader,
      SignatureCheck check,
      Consumer<S> closer,
      Function<S, M> view,
      double share,
      MeterRegistry meters) {
    ModelFollower<S> follower =
        ModelFollower.shadow(name, registry, store, loader, check, closer, FOLLOW_INTERVAL, meters);
    return new Shadowed<>(
        follower,
        new Shadow<>(
            follower.holder().map(served -> served == null ? null : view.apply(served)),
            new ShadowShare(share),
            new ShadowMetrics(meters, name),
            Topics.SHADOW));
  }

  private static ModelFollower.Loader<Detector> detectorLoader(
      ExecutionProvider provider, int threads) {
    return (onnx, version) -> {
      OnnxDetectorModel model =
          OnnxDetectorModel.load(onnx, "v" + version.getVersion(), provider, threads);
      PlateDetector detector = PlateDetector.withDefaults(model);
      detector.detect(List.of(new BufferedImage(960, 544, BufferedImage.TYPE_INT_RGB)));
      return new Detector(model, detector);
    };
  }

  private static ModelFollower.Loader<Recognizer> recognizerLoader(
      PlateGrammar grammar, int threads) {
    return (onnx, version) -> {
      OnnxRecognizerModel model =
          OnnxRecognizerModel.load(onnx, "v" + version.getVersion(), threads);
      CharacterDictionary dictionary = dictionary(version.getDictionary());
      CropReader reader =
          CropReader.of(
              new PlateRecognizer(model, RecPreprocessor.paddleDefault(), dictionary),
              new GrammarBeamDecoder(dictionary, grammar, 16, 6, 5));
      reader.read(new BufferedImage(160, 48, BufferedImage.TYPE_INT_RGB));
      return new Recognizer(model, reader);
    };
  }

  /** Versions must have the bundled detector's tensor names and ranks. */
  private static SignatureCheck detectorCheck() {
    return SignatureCheck.like(
        ModelSignature.of(ClasspathArtifacts.read(OnnxDetectorModel.PRETRAINED_V4)));
  }

  private static SignatureCheck recognizerCheck() {
    return SignatureCheck.like(
        ModelSignature.of(ClasspathArtifacts.read(OnnxRecognizerModel.PRETRAINED_V4)));
  }

  /** The registry lists labels 1..N with the space last; the dictionary adds the space itself. */
  private static CharacterDictionary dictionary(List<String> labels) {
    if (labels == null) {
      return CharacterDictionary.ppocrKeysV1();
    }
    List<String> lines =
        !labels.isEmpty() && labels.get(labels.size() - 1).equals(" ")
            ? labels.subList(0, labels.size() - 1)
            : labels;
    return CharacterDictionary.of(lines);
  }
}
