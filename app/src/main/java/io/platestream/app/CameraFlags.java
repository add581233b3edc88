package io.platestream.app;

import io.platestream.ingest.config.CameraConfig;
import io.platestream.ingest.config.CamerasFile;
import java.util.ArrayList;
import java.util.List;

/**
 * Cameras given as {@code --camera ID=URL}, or a bare URL (named camera-1, camera-2, ... by
 * position). Each is checked exactly as an entry of the camera file would be.
 */
final class CameraFlags {
  private CameraFlags() {}

  static List<CameraConfig> parse(List<String> flags, double sampleFps, boolean loop) {
    List<CameraConfig> cameras = new ArrayList<>();
    for (int i = 0; i < flags.size(); i++) {
      String flag = flags.get(i);
      int equals = flag.indexOf('=');
      // "gate=rtsp://..." names the camera; in "rtsp://h/s?a=b" the '=' belongs to the URL.
      boolean named = equals > 0 && !flag.substring(0, equals).contains(":");
      String id = named ? flag.substring(0, equals) : "camera-" + (i + 1);
      String url = named ? flag.substring(equals + 1) : flag;
      String yaml =
          "cameras:\n  - {id: '"
              + id.replace("'", "''")
              + "', url: '"
              + url.replace("'", "''")
              + "', sampleFps: "
              + sampleFps
              + ", loop: "
              + loop
              + "}\n";
      cameras.addAll(CamerasFile.parse(yaml, "--camera " + flag));
    }
    return cameras;
  }
}
