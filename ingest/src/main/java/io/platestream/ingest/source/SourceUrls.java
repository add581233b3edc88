package io.platestream.ingest.source;

import io.platestream.schemas.Redaction;
import java.util.Locale;

/** What kind of source a camera URL names, and the URL fit for logs (credentials removed). */
public final class SourceUrls {
  private SourceUrls() {}

  /**
   * The URL without its credentials (user information, secret query values), for logs, status pages
   * and {@code Frame.sourceUri}.
   */
  public static String redact(String url) {
    return Redaction.url(url);
  }

  public static boolean isRtsp(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    return lower.startsWith("rtsp://") || lower.startsWith("rtsps://");
  }

  public static boolean isFile(String url) {
    return !url.contains("://") || url.toLowerCase(Locale.ROOT).startsWith("file://");
  }

  /** What FFmpeg should open: a plain path for files, the URL otherwise. */
  public static String ffmpegInput(String url) {
    return url.toLowerCase(Locale.ROOT).startsWith("file://") ? url.substring(7) : url;
  }
}
