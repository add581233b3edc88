package io.platestream.datasets.ccpd;

import io.platestream.datasets.LabelFormatException;
import io.platestream.datasets.geometry.Point2;
import io.platestream.datasets.plates.ChinesePlateAlphabet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes CCPD file names: {@code area-hTilt_vTilt-x1&y1_x2&y2-4 vertices-plate
 * indices-brightness-blurriness.jpg}, where the plate is a list of indices into the province table
 * (first), the letter table (second) and the letters-and-digits table (the rest); CCPD2020's green
 * plates have 8 indices instead of 7.
 */
public final class CcpdNames {

  public static CcpdName parse(String fileName) {
    String base =
        fileName.contains("/") ? fileName.substring(fileName.lastIndexOf('/') + 1) : fileName;
    int dot = base.lastIndexOf('.');
    String stem = dot > 0 ? base.substring(0, dot) : base;
    String[] fields = stem.split("-", -1);
    if (fields.length != 7) {
      throw bad(
          fileName,
          "expected 7 fields separated by '-' (area, tilt, box, vertices, plate, brightness, blur), found "
              + fields.length);
    }
    int area = integer(fileName, "area", fields[0]);
    int[] tilt = pair(fileName, "tilt", fields[1], "_");
    List<Point2> box = points(fileName, "bounding box", fields[2], 2);
    List<Point2> vertices = points(fileName, "vertices", fields[3], 4);
    String plate = plate(fileName, fields[4]);
    int brightness = integer(fileName, "brightness", fields[5]);
    int blur = integer(fileName, "blurriness", fields[6]);
    return new CcpdName(
        area, tilt[0], tilt[1], box.get(0), box.get(1), vertices, plate, brightness, blur);
  }

  /** The file name CCPD would give this label, with the {@code .jpg} extension. */
  public static String format(CcpdName name) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%03d", name.areaPerMille())).append('-');
    out.append(name.horizontalTilt()).append('_').append(name.verticalTilt()).append('-');
    out.append(point(name.boxTopLeft()))
        .append('_')
        .append(point(name.boxBottomRight()))
        .append('-');
    for (int i = 0; i < 4; i++) {
      out.append(i == 0 ? "" : "_").append(point(name.vertices().get(i)));
    }
    out.append('-').append(plateIndices(name.plate())).append('-');
    out.append(name.brightness()).append('-').append(name.blurriness()).append(".jpg");
    return out.toString();
  }

  /** The plate as CCPD's index list, e.g. {@code 皖A12345} as {@code 0_0_25_26_27_28_29}. */
  public static String plateIndices(String plate) {
    List<String> chars = plate.codePoints().mapToObj(Character::toString).toList();
    if (chars.size() != 7 && chars.size() != 8) {
      throw new IllegalArgumentException(
          "CCPD encodes plates of 7 or 8 characters, not '" + plate + "'");
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < chars.size(); i++) {
      List<String> table = table(i);
      int index = table.indexOf(chars.get(i));
      if (index < 0) {
        throw new IllegalArgumentException(
            "character '"
                + chars.get(i)
                + "' at position "
                + (i + 1)
                + " of '"
                + plate
                + "' has no CCPD index");
      }
      out.append(i == 0 ? "" : "_").append(index);
    }
    return out.toString();
  }

  private static List<String> table(int position) {
    return switch (position) {
      case 0 -> ChinesePlateAlphabet.PROVINCES;
      case 1 -> ChinesePlateAlphabet.ALPHABETS;
      default -> ChinesePlateAlphabet.ADS;
    };
  }

  private static String plate(String fileName, String field) {
    String[] parts = field.split("_", -1);
    if (parts.length != 7 && parts.length != 8) {
      throw bad(
          fileName,
          "plate field '"
              + field
              + "' has "
              + parts.length
              + " indices; CCPD uses 7 (or 8 for green plates)");
    }
    StringBuilder plate = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      int index = integer(fileName, "plate index " + (i + 1), parts[i]);
      List<String> table = table(i);
      if (index < 0 || index >= table.size()) {
        throw bad(
            fileName,
            "plate index "
                + (i + 1)
                + " is "
                + index
                + ", outside its table of "
                + table.size()
                + " characters");
      }
      plate.append(table.get(index));
    }
    return plate.toString();
  }

  private static List<Point2> points(String fileName, String what, String field, int expected) {
    String[] parts = field.split("_", -1);
    if (parts.length != expected) {
      throw bad(
          fileName,
          what + " field '" + field + "' has " + parts.length + " points, expected " + expected);
    }
    List<Point2> points = new ArrayList<>(expected);
    for (String part : parts) {
      int[] xy = pair(fileName, what, part, "&");
      points.add(new Point2(xy[0], xy[1]));
    }
    return points;
  }

  private static int[] pair(String fileName, String what, String field, String separator) {
    String[] parts = field.split(separator, -1);
    if (parts.length != 2) {
      throw bad(
          fileName, what + " '" + field + "' is not two numbers joined by '" + separator + "'");
    }
    return new int[] {integer(fileName, what, parts[0]), integer(fileName, what, parts[1])};
  }

  private static int integer(String fileName, String what, String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw bad(fileName, what + " '" + text + "' is not an integer");
    }
  }

  private static String point(Point2 p) {
    return Math.round(p.x()) + "&" + Math.round(p.y());
  }

  private static LabelFormatException bad(String fileName, String problem) {
    return new LabelFormatException(fileName, 0, "not a CCPD file name: " + problem);
  }

  private CcpdNames() {}
}
