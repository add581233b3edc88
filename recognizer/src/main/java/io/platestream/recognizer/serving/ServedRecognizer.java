package io.platestream.recognizer.serving;

import io.micrometer.core.instrument.MeterRegistry;
import io.platestream.models.ModelSignature;
import io.platestream.models.artifact.ArtifactStore;
import io.platestream.models.artifact.ClasspathArtifacts;
import io.platestream.models.registry.ModelRegistry;
import io.platestream.models.registry.PretrainedModels;
import io.platestream.models.serving.ModelFollower;
import io.platestream.models.serving.ShadowFollower;
import io.platestream.models.serving.SignatureCheck;
import io.platestream.recognizer.inference.CharacterDictionary;
import io.platestream.recognizer.inference.GrammarBeamDecoder;
import io.platestream.recognizer.inference.OnnxRecognizerModel;
import io.platestream.recognizer.inference.PlateGrammar;
import io.platestream.recognizer.inference.PlateRecognizer;
import io.platestream.recognizer.inference.RecPreprocessor;
import io.platestream.recognizer.stage.CropReader;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One recognizer version as a stage serves it: the ONNX Runtime session and the crop reader around
 * it (the version's dictionary, the grammar's beam decoder), opened and warmed up together and
 * closed together, once (a second close does nothing). The registry's production version is
 * followed and swapped in without a restart.
 */
public final class ServedRecognizer implements AutoCloseable {
  private final OnnxRecognizerModel model;
  private final CropReader reader;

  private ServedRecognizer(OnnxRecognizerModel model, CropReader reader) {
    this.model = model;
    this.reader = reader;
  }

  public CropReader reader() {
    return reader;
  }

  public String version() {
    return model.version();
  }

  /** The registry's production recognizer, followed from now on. */
  public static ModelFollower<ServedRecognizer> follow(
      ModelRegistry registry,
      ArtifactStore store,
      PlateGrammar grammar,
      int threads,
      MeterRegistry meters) {
    return ModelFollower.start(
        PretrainedModels.RECOGNIZER,
        registry,
        store,
        loader(grammar, threads),
        signatureCheck(),
        ServedRecognizer::close,
        ModelFollower.INTERVAL,
        meters);
  }

  /** The recognizer's shadow version, when the registry has one, run on {@code share} of crops. */
  public static ShadowFollower<CropReader> shadow(
      ModelRegistry registry,
      ArtifactStore store,
      PlateGrammar grammar,
      int threads,
      double share,
      MeterRegistry meters) {
    return ShadowFollower.start(
        PretrainedModels.RECOGNIZER,
        registry,
        store,
        loader(grammar, threads),
        signatureCheck(),
        ServedRecognizer::reader,
        share,
        ModelFollower.INTERVAL,
        meters);
  }

  /** Opens a version and reads one blank crop with it, so the first real crop is not slow. */
  static ModelFollower.Loader<ServedRecognizer> loader(PlateGrammar grammar, int threads) {
    return (onnx, version) -> {
      OnnxRecognizerModel model =
          OnnxRecognizerModel.load(onnx, "v" + version.getVersion(), threads);
      CharacterDictionary dictionary = dictionary(version.getDictionary());
      CropReader reader =
          CropReader.of(
              new PlateRecognizer(model, RecPreprocessor.paddleDefault(), dictionary),
              new GrammarBeamDecoder(dictionary, grammar, 16, 6, 5));
      reader.read(new BufferedImage(160, 48, BufferedImage.TYPE_INT_RGB));
      return new ServedRecognizer(model, reader);
    };
  }

  /** Versions must have the bundled recognizer's tensor names and ranks. */
  private static SignatureCheck signatureCheck() {
    return SignatureCheck.like(
        ModelSignature.of(ClasspathArtifacts.read(OnnxRecognizerModel.PRETRAINED_V4)));
  }

  /** The registry lists labels 1..N with the space last; the dictionary adds the space itself. */
  static CharacterDictionary dictionary(List<String> labels) {
    if (labels == null) {
      return CharacterDictionary.ppocrKeysV1();
    }
    List<String> lines =
        !labels.isEmpty() && labels.get(labels.size() - 1).equals(" ")
            ? labels.subList(0, labels.size() - 1)
            : labels;
    return CharacterDictionary.of(lines);
  }

  @Override
  public void close() {
    model.close();
  }
}
