package io.platestream.ingest.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the camera list from YAML:
 *
 * <pre>
 * cameras:
 *   - id: gate-north
 *     url: rtsp://user:secret@10.0.0.5/stream1
 *     sampleFps: 5            # optional, default 5
 *     jpegQuality: 85         # optional, default 85
 *     regionOfInterest: [[0, 400], [1920, 400], [1920, 1080], [0, 1080]]   # optional
 *     motionThreshold: 0.01   # optional, default 0 (publish every sampled frame)
 *     transport: tcp          # optional, tcp or udp
 *     loop: false             # optional, files only
 *     realtime: true          # optional, files only
 *     enabled: true           # optional
 * </pre>
 *
 * Every mistake is reported with the camera it is in and the setting it concerns; unknown settings
 * are refused rather than ignored, so that a misspelt key does not silently fall back to a default.
 */
public final class CamerasFile {
  /** Ids become Kafka keys, metric tags and file names: keep them to a safe alphabet. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private static final Set<String> KEYS =
      Set.of(
          "id",
          "url",
          "sampleFps",
          "jpegQuality",
          "regionOfInterest",
          "motionThreshold",
          "transport",
          "loop",
          "realtime",
          "enabled");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private CamerasFile() {}

  public static List<CameraConfig> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new CameraConfigException("cannot read camera list " + file + ": " + e, e);
    }
    return parse(text, file.toString());
  }

  /** Parses a camera list; {@code source} names it in error messages. */
  public static List<CameraConfig> parse(String yaml, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new CameraConfigException(
          source + ": not valid YAML: " + firstLine(e.getOriginalMessage()) + locationOf(e), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return List.of();
    }
    JsonNode cameras = root.get("cameras");
    if (!root.isObject() || cameras == null || !cameras.isArray()) {
      throw new CameraConfigException(source + ": expected a list under the key 'cameras'");
    }
    List<CameraConfig> result = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < cameras.size(); i++) {
      CameraConfig camera = camera(cameras.get(i), source + ": camera #" + (i + 1));
      if (!ids.add(camera.id())) {
        throw new CameraConfigException(
            source + ": camera id '" + camera.id() + "' appears more than once");
      }
      result.add(camera);
    }
    return List.copyOf(result);
  }

  private static CameraConfig camera(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new CameraConfigException(where + ": expected a mapping of settings");
    }
    String id = text(node, "id", where, null);
    if (id == null || !ID.matcher(id).matches()) {
      throw new CameraConfigException(
          where
              + ": 'id' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or"
              + " digit; got "
              + (id == null ? "nothing" : "'" + id + "'"));
    }
    where = where + " ('" + id + "')";
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!KEYS.contains(name)) {
        throw new CameraConfigException(
            where
                + ": unknown setting '"
                + name
                + "' (known: "
                + String.join(", ", sorted())
                + ")");
      }
    }
    String url = text(node, "url", where, null);
    if (url == null || url.isBlank()) {
      throw new CameraConfigException(where + ": 'url' is required");
    }
    SourceUrlCheck.check(url, where);
    double fps = number(node, "sampleFps", where, CameraConfig.DEFAULT_SAMPLE_FPS);
    if (!(fps > 0 && fps <= 60)) {
      throw new CameraConfigException(where + ": 'sampleFps' must be in (0, 60]; got " + fps);
    }
    double quality = number(node, "jpegQuality", where, CameraConfig.DEFAULT_JPEG_QUALITY);
    if (quality != Math.rint(quality) || quality < 1 || quality > 100) {
      throw new CameraConfigException(
          where + ": 'jpegQuality' must be a whole number from 1 to 100; got " + quality);
    }
    double motion = number(node, "motionThreshold", where, 0.0);
    if (!(motion >= 0 && motion <= 1)) {
      throw new CameraConfigException(
          where + ": 'motionThreshold' is a fraction of pixels, from 0 to 1; got " + motion);
    }
    String transport = text(node, "transport", where, "tcp");
    CameraConfig.RtspTransport rtsp;
    try {
      rtsp = CameraConfig.RtspTransport.valueOf(transport.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CameraConfigException(
          where + ": 'transport' must be tcp or udp; got '" + transport + "'");
    }
    return new CameraConfig(
        id,
        url,
        fps,
        (int) quality,
        region(node.get("regionOfInterest"), where),
        motion,
        rtsp,
        bool(node, "loop", where, false),
        bool(node, "realtime", where, true),
        bool(node, "enabled", where, true));
  }

  private static List<CameraConfig.Pixel> region(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    String expected =
        where + ": 'regionOfInterest' must be a list of at least 3 [x, y] pixel points";
    if (!node.isArray() || node.size() < 3) {
      throw new CameraConfigException(expected);
    }
    List<CameraConfig.Pixel> points = new ArrayList<>();
    for (JsonNode point : node) {
      if (!point.isArray()
          || point.size() != 2
          || !point.get(0).canConvertToInt()
          || !point.get(1).canConvertToInt()
          || !point.get(0).isIntegralNumber()
          || !point.get(1).isIntegralNumber()
          || point.get(0).asInt() < 0
          || point.get(1).asInt() < 0) {
        throw new CameraConfigException(expected + "; got " + point);
      }
      points.add(new CameraConfig.Pixel(point.get(0).asInt(), point.get(1).asInt()));
    }
    return points;
  }

  private static String text(JsonNode node, String key, String where, String fallback) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isTextual() && !value.isNumber()) {
      throw new CameraConfigException(where + ": '" + key + "' must be text; got " + value);
    }
    return value.asText();
  }

  private static double number(JsonNode node, String key, String where, double fallback) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isNumber()) {
      throw new CameraConfigException(where + ": '" + key + "' must be a number; got " + value);
    }
    return value.asDouble();
  }

  private static boolean bool(JsonNode node, String key, String where, boolean fallback) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw new CameraConfigException(
          where + ": '" + key + "' must be true or false; got " + value);
    }
    return value.asBoolean();
  }

  private static List<String> sorted() {
    return KEYS.stream().sorted().toList();
  }

  /**
   * The parser's reason without the snippet of the file it quotes after it: that snippet can hold a
   * camera's password.
   */
  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }
}
