package io.platestream.datasets.paddle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.platestream.datasets.LabelFormatException;
import io.platestream.datasets.LabelReadResult;
import io.platestream.datasets.geometry.Point2;
import io.platestream.datasets.geometry.Polygon;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * PaddleOCR's label files. Detection: {@code path<TAB>[{"points": [[x,y],...], "transcription":
 * "..."}]}; recognition: {@code path<TAB>text}. UTF-8, one image per line, blank lines ignored.
 *
 * <p>Strict reading stops at the first bad line with its file and line number; skip-bad reading
 * collects the bad lines in {@link LabelReadResult#skipped()} and goes on.
 */
public final class PaddleLabels {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static LabelReadResult<DetectionLabel> readDetection(Path file, boolean skipBad)
      throws IOException {
    return read(file, skipBad, PaddleLabels::parseDetection);
  }

  public static LabelReadResult<RecognitionLabel> readRecognition(Path file, boolean skipBad)
      throws IOException {
    return read(file, skipBad, PaddleLabels::parseRecognition);
  }

  public static void writeDetection(Path file, List<DetectionLabel> labels) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (DetectionLabel label : labels) {
        out.write(checkedPath(label.imagePath()) + "\t" + regionsJson(label.regions()) + "\n");
      }
    }
  }

  public static void writeRecognition(Path file, List<RecognitionLabel> labels) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (RecognitionLabel label : labels) {
        if (label.text().contains("\n") || label.text().contains("\t")) {
          throw new IllegalArgumentException(
              "recognition text of " + label.imagePath() + " contains a tab or newline");
        }
        out.write(checkedPath(label.imagePath()) + "\t" + label.text() + "\n");
      }
    }
  }

  /** Parses one detection line; {@code source} and {@code line} name it in errors. */
  public static DetectionLabel parseDetection(String text, Location where) {
    String[] parts = split(text, where);
    JsonNode regions;
    try {
      regions = JSON.readTree(parts[1]);
    } catch (JsonProcessingException e) {
      throw where.error("label is not valid JSON: " + e.getOriginalMessage());
    }
    if (regions == null || !regions.isArray()) {
      throw where.error("label must be a JSON array of regions");
    }
    List<TextRegion> parsed = new ArrayList<>();
    for (int i = 0; i < regions.size(); i++) {
      parsed.add(region(regions.get(i), i, where));
    }
    return new DetectionLabel(parts[0], parsed);
  }

  public static RecognitionLabel parseRecognition(String text, Location where) {
    String[] parts = split(text, where);
    if (parts[1].isEmpty()) {
      throw where.error("empty transcription for " + parts[0]);
    }
    return new RecognitionLabel(parts[0], parts[1]);
  }

  /** Where a line came from, for error messages. */
  public record Location(String source, int line) {
    LabelFormatException error(String problem) {
      return new LabelFormatException(source, line, problem);
    }
  }

  private static TextRegion region(JsonNode node, int index, Location where) {
    String name = "region " + (index + 1);
    if (!node.isObject()) {
      throw where.error(name + " is not a JSON object");
    }
    JsonNode transcription = node.get("transcription");
    if (transcription == null || !transcription.isTextual()) {
      throw where.error(name + " has no string 'transcription'");
    }
    JsonNode points = node.get("points");
    if (points == null || !points.isArray() || points.size() < 3) {
      throw where.error(name + " needs 'points' with at least 3 [x, y] pairs");
    }
    List<Point2> corners = new ArrayList<>();
    for (JsonNode point : points) {
      if (!point.isArray()
          || point.size() != 2
          || !point.get(0).isNumber()
          || !point.get(1).isNumber()) {
        throw where.error(name + " has a point that is not [x, y]: " + point);
      }
      corners.add(new Point2(point.get(0).asDouble(), point.get(1).asDouble()));
    }
    return new TextRegion(new Polygon(corners), transcription.asText());
  }

  private static String regionsJson(List<TextRegion> regions) {
    ArrayNode array = JSON.createArrayNode();
    for (TextRegion region : regions) {
      ObjectNode node = array.addObject();
      node.put("transcription", region.transcription());
      ArrayNode points = node.putArray("points");
      for (Point2 p : region.polygon().points()) {
        ArrayNode pair = points.addArray();
        number(pair, p.x());
        number(pair, p.y());
      }
    }
    return array.toString();
  }

  /** Whole pixel values are written as integers, as PaddleOCR's own labels are. */
  private static void number(ArrayNode pair, double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      pair.add((long) value);
    } else {
      pair.add(value);
    }
  }

  private static String[] split(String text, Location where) {
    int tab = text.indexOf('\t');
    if (tab < 0) {
      throw where.error("expected '<image path><TAB><label>', found no tab");
    }
    if (tab == 0) {
      throw where.error("the image path before the tab is empty");
    }
    return new String[] {text.substring(0, tab), text.substring(tab + 1)};
  }

  private static String checkedPath(String path) {
    if (path.isEmpty() || path.contains("\t") || path.contains("\n")) {
      throw new IllegalArgumentException(
          "image path must be non-empty and free of tabs and newlines: '" + path + "'");
    }
    return path;
  }

  private static <T> LabelReadResult<T> read(
      Path file, boolean skipBad, BiFunction<String, Location, T> parser) throws IOException {
    List<T> labels = new ArrayList<>();
    List<LabelFormatException> skipped = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        try {
          labels.add(parser.apply(line, new Location(file.toString(), number)));
        } catch (LabelFormatException e) {
          if (!skipBad) {
            throw e;
          }
          skipped.add(e);
        }
      }
    }
    return new LabelReadResult<>(labels, skipped);
  }

  private PaddleLabels() {}
}
