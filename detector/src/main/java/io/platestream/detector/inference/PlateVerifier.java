package io.platestream.detector.inference;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A cheap second opinion on the detector's boxes: does the crop look like a plate? A logistic model
 * over a crop's {@link PlateAppearance} (colour shares, brightness spread, character rhythm,
 * shape), a few hundred multiplications per crop where reading it costs a network run. The text
 * detector finds signs, badges and stickers as readily as plates; boxes the verifier rejects are
 * never cut, encoded or read.
 *
 * <p>The weights live in a small properties file (feature names, standardisation, weights, bias,
 * threshold and where they came from); {@code platestream train verifier} fits one.
 */
public final class PlateVerifier {
  private static final String BUNDLED = "plate-verifier.properties";

  private final double[] mean;
  private final double[] scale;
  private final double[] weights;
  private final double bias;
  private final double threshold;
  private final String source;

  /**
   * @param threshold the least score a plate needs
   * @param source where the weights came from (data, command), kept with them
   */
  public PlateVerifier(
      double[] mean,
      double[] scale,
      double[] weights,
      double bias,
      double threshold,
      String source) {
    int n = PlateAppearance.NAMES.size();
    if (mean.length != n || scale.length != n || weights.length != n) {
      throw new IllegalArgumentException(
          "a plate verifier needs " + n + " means, scales and weights, one per feature");
    }
    if (Arrays.stream(scale).anyMatch(s -> !(s > 0))) {
      throw new IllegalArgumentException("every feature scale must be positive");
    }
    this.mean = mean.clone();
    this.scale = scale.clone();
    this.weights = weights.clone();
    this.bias = bias;
    this.threshold = threshold;
    this.source = source;
  }

  /** The verifier shipped with the detector (see its properties file for how it was fitted). */
  public static PlateVerifier bundled() {
    return Bundled.VERIFIER;
  }

  /** Read once, when first asked for. */
  private static final class Bundled {
    static final PlateVerifier VERIFIER = load();
  }

  private static PlateVerifier load() {
    try (InputStream in = PlateVerifier.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("the bundled " + BUNDLED + " is missing");
      }
      Properties properties = new Properties();
      properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      return of(properties, BUNDLED);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final PlateVerifier ACCEPT_ALL = acceptingAll();

  /** Accepts every box: the detector's boxes as the plate filter leaves them. */
  public static PlateVerifier acceptAll() {
    return ACCEPT_ALL;
  }

  private static PlateVerifier acceptingAll() {
    int n = PlateAppearance.NAMES.size();
    double[] ones = new double[n];
    Arrays.fill(ones, 1);
    return new PlateVerifier(new double[n], ones, new double[n], 0, 0, "accept all");
  }

  /** 'none', 'bundled' or the path of a verifier file, as the commands take it. */
  public static PlateVerifier named(String name) {
    return switch (name) {
      case "none" -> acceptAll();
      case "bundled" -> bundled();
      default -> {
        Path file = Path.of(name);
        if (!Files.isRegularFile(file)) {
          throw new IllegalArgumentException(
              "--plate-verifier " + name + ": not 'none', 'bundled' or an existing file");
        }
        yield read(file);
      }
    };
  }

  public static PlateVerifier read(Path file) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Properties properties = new Properties();
      properties.load(in);
      return of(properties, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the plate verifier " + file, e);
    }
  }

  private static PlateVerifier of(Properties properties, String where) {
    String features = properties.getProperty("features", "");
    if (!List.of(features.split(",")).equals(PlateAppearance.NAMES)) {
      throw new IllegalArgumentException(
          where
              + ": the verifier was fitted on features ["
              + features
              + "], this detector computes "
              + PlateAppearance.NAMES);
    }
    return new PlateVerifier(
        numbers(properties, "mean", where),
        numbers(properties, "scale", where),
        numbers(properties, "weights", where),
        numbers(properties, "bias", where)[0],
        numbers(properties, "threshold", where)[0],
        properties.getProperty("source", where));
  }

  private static double[] numbers(Properties properties, String key, String where) {
    String text = properties.getProperty(key);
    if (text == null) {
      throw new IllegalArgumentException(where + ": no '" + key + "'");
    }
    try {
      return Arrays.stream(text.split(","))
          .mapToDouble(v -> Double.parseDouble(v.strip()))
          .toArray();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + ": '" + key + "' is not a list of numbers", e);
    }
  }

  /** Writes the weights with {@link #source} as the file's comment. */
  public void write(Path file) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("features", String.join(",", PlateAppearance.NAMES));
    properties.setProperty("mean", join(mean));
    properties.setProperty("scale", join(scale));
    properties.setProperty("weights", join(weights));
    properties.setProperty("bias", join(new double[] {bias}));
    properties.setProperty("threshold", join(new double[] {threshold}));
    properties.setProperty("source", source);
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      properties.store(out, "PlateStream plate verifier: " + source);
    }
  }

  private static String join(double[] values) {
    return Arrays.stream(values)
        .mapToObj(v -> String.format(Locale.ROOT, "%.6g", v))
        .collect(Collectors.joining(","));
  }

  /** How plate-like the crop looks, from 0 to 1. */
  public double score(PlateAppearance appearance) {
    return score(appearance.values());
  }

  /** The score of an appearance's {@link PlateAppearance#values()}. */
  public double score(double[] x) {
    double z = bias;
    for (int i = 0; i < x.length; i++) {
      z += weights[i] * (x[i] - mean[i]) / scale[i];
    }
    return 1 / (1 + Math.exp(-z));
  }

  public boolean accepts(PlateAppearance appearance) {
    return score(appearance) >= threshold;
  }

  public double threshold() {
    return threshold;
  }

  public String source() {
    return source;
  }
}
