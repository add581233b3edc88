package io.platestream.ingest.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/** Checks the form of a camera URL before any connection is tried. */
final class SourceUrlCheck {
  private static final Set<String> SCHEMES = Set.of("rtsp", "rtsps", "http", "https", "file");

  private SourceUrlCheck() {}

  static void check(String url, String where) {
    if (!url.contains("://")) {
      return; // a local file path; whether it exists is the worker's concern (it may appear later)
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      // The reason and the place, never the text: a URL too broken to parse cannot be redacted
      // with certainty, and it may hold the camera's password.
      throw new CameraConfigException(
          where
              + ": 'url' is not a valid URL: "
              + e.getReason()
              + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : ""));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!SCHEMES.contains(scheme)) {
      throw new CameraConfigException(
          where
              + ": 'url' scheme '"
              + scheme
              + "' is not supported (use rtsp, rtsps, http, https, file or a file path)");
    }
    if (!scheme.equals("file") && (uri.getHost() == null || uri.getHost().isEmpty())) {
      // Not the URL either: a URL without a host may be one whose '@' went missing, with the
      // password now where the host should be.
      throw new CameraConfigException(where + ": 'url' has no host");
    }
  }
}
