package io.platestream.ingest.source;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Turns JavaCV's FFmpeg exceptions ("avformat_open_input() error -111: Could not open input ...
 * (Has setFormat() been called?)") into what an operator needs: FFmpeg's own words for the code
 * ("Connection refused") and the call that failed.
 */
public final class FfmpegErrors {
  private static final Pattern CALL_AND_CODE = Pattern.compile("(\\w+)\\(\\) error (-?\\d+)");

  private FfmpegErrors() {}

  public static String explain(Exception e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    Matcher matcher = CALL_AND_CODE.matcher(message);
    if (!matcher.find()) {
      return message;
    }
    int code = Integer.parseInt(matcher.group(2));
    return describe(code) + " (FFmpeg error " + code + " in " + matcher.group(1) + ")";
  }

  public static String describe(int code) {
    byte[] text = new byte[256];
    if (avutil.av_strerror(code, text, text.length) < 0) {
      return "unknown error";
    }
    int length = 0;
    while (length < text.length && text[length] != 0) {
      length++;
    }
    return new String(text, 0, length, UTF_8);
  }
}
