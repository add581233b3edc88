package io.platestream.schemas;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * URLs fit to show: logs, status pages, error messages, frame records. Camera, webhook, registry
 * and JDBC URLs carry secrets in two places, and both are removed: the user information before the
 * host (up to the last {@code @} before the query, so a password holding {@code @} or {@code /}
 * goes whole; a path holding {@code @} loses its start too, which errs the safe way), and the
 * values of query or {@code ;}-separated parameters whose names say they are secrets ({@code
 * password}, {@code token}, {@code key}, ...), which become {@code ***}.
 */
public final class Redaction {
  private static final Set<String> SECRET_NAMES =
      Set.of(
          "password",
          "passwd",
          "pwd",
          "pass",
          "secret",
          "token",
          "access_token",
          "auth",
          "authorization",
          "key",
          "apikey",
          "api_key",
          "api-key",
          "sig",
          "signature",
          "client_secret",
          "sslpassword",
          "user",
          "username",
          "usr");

  private static final Pattern PARAMETER = Pattern.compile("([?&;])([^=&;?#]+)=([^&;#]*)");

  private Redaction() {}

  public static String url(String url) {
    if (url == null) {
      return null;
    }
    return parameters(userInfo(url));
  }

  private static String userInfo(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return url;
    }
    int start = scheme + 3;
    // The user information ends at the last '@' before the query: a password may hold '@' or '/'
    // (users paste them raw), a query value may hold '@' too.
    int query = url.length();
    for (char c : new char[] {'?', '#'}) {
      int i = url.indexOf(c, start);
      if (i >= 0) {
        query = Math.min(query, i);
      }
    }
    int at = url.lastIndexOf('@', query - 1);
    if (at < start) {
      return url;
    }
    return url.substring(0, start) + url.substring(at + 1);
  }

  private static String parameters(String url) {
    Matcher m = PARAMETER.matcher(url);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(2).strip().toLowerCase(Locale.ROOT);
      String value = SECRET_NAMES.contains(name) ? "***" : m.group(3);
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + m.group(2) + "=" + value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
