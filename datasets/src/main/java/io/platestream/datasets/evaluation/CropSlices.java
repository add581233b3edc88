package io.platestream.datasets.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.platestream.datasets.SyntheticDatasetWriter;
import io.platestream.datasets.plates.PlateType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The slices each crop of a synthetic dataset belongs to, read from its {@code scenes.jsonl}: the
 * plate type, green 8-character plates together, and the hard cases (blur, strong tilt, low light)
 * next to the clean ones, so recognition can be scored per slice.
 */
public final class CropSlices {
  /** A plate tilted at least this far, either way, counts as a tilt case. */
  public static final double STRONG_TILT_DEG = 20;

  public static final String GREEN_8 = "green 8-character";
  public static final String BLUR = "blur (motion or defocus)";
  public static final String TILT = "tilt >= 20 deg";
  public static final String LOW_LIGHT = "low light";
  public static final String CLEAN = "clean (none of the three)";

  /** The order slices are reported in: types first, then the cases. */
  public static List<String> order() {
    List<String> order = new ArrayList<>();
    for (PlateType type : PlateType.values()) order.add(type.name());
    order.addAll(List.of(GREEN_8, BLUR, TILT, LOW_LIGHT, CLEAN));
    return order;
  }

  private static final Pattern SCENE_IMAGE = Pattern.compile("images/(\\d+)\\.jpg");

  private final Map<String, List<String>> slicesByCrop;

  private CropSlices(Map<String, List<String>> slicesByCrop) {
    this.slicesByCrop = slicesByCrop;
  }

  /** Reads {@code scenes.jsonl} under the dataset folder. */
  public static CropSlices read(Path dataset) throws IOException {
    Map<String, List<String>> slices = new HashMap<>();
    for (SceneManifest.Scene entry : SceneManifest.read(dataset, "slicing")) {
      JsonNode scene = entry.json();
      Matcher image = SCENE_IMAGE.matcher(scene.path("image").asText());
      if (!image.matches()) {
        throw entry.error("image is not images/<number>.jpg");
      }
      int index;
      try {
        index = Integer.parseInt(image.group(1));
      } catch (NumberFormatException e) {
        throw entry.error("image number " + image.group(1) + " is too large");
      }
      JsonNode conditions = scene.path("conditions");
      boolean blur =
          conditions.path("motionBlur").asBoolean() || conditions.path("defocus").asBoolean();
      boolean night = conditions.path("night").asBoolean();
      JsonNode plates = scene.path("plates");
      for (int k = 0; k < plates.size(); k++) {
        JsonNode plate = plates.get(k);
        PlateType type = plateType(entry, plate.path("type").asText(), k);
        double tilt =
            Math.max(
                Math.abs(plate.path("horizontalTiltDeg").asDouble()),
                Math.abs(plate.path("verticalTiltDeg").asDouble()));
        slices.put(
            SyntheticDatasetWriter.cropPath(index, k),
            of(type, blur, tilt >= STRONG_TILT_DEG, night));
      }
    }
    return new CropSlices(slices);
  }

  private static PlateType plateType(SceneManifest.Scene entry, String name, int plate)
      throws IOException {
    try {
      return PlateType.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw entry.error(
          "plate "
              + (plate + 1)
              + " has type '"
              + name
              + "', not one of "
              + java.util.Arrays.toString(PlateType.values()));
    }
  }

  static List<String> of(PlateType type, boolean blur, boolean tilt, boolean lowLight) {
    List<String> slices = new ArrayList<>();
    slices.add(type.name());
    if (type.length() == 8) slices.add(GREEN_8);
    if (blur) slices.add(BLUR);
    if (tilt) slices.add(TILT);
    if (lowLight) slices.add(LOW_LIGHT);
    if (!blur && !tilt && !lowLight) slices.add(CLEAN);
    return slices;
  }

  /** The crop's slices; a crop the manifest does not describe is an error, not a silent skip. */
  public List<String> of(String cropPath) {
    List<String> slices = slicesByCrop.get(cropPath);
    if (slices == null) {
      throw new IllegalArgumentException(
          cropPath + " is not a crop described in scenes.jsonl: labels and manifest disagree");
    }
    return slices;
  }
}
