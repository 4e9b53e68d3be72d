package io.shadowflow.engine.secret;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Query strings in and out of URLs: secret query parameters go into the URL a request is sent to,
 * and every query string comes out of a message, since API keys travel there.
 */
public final class UrlQueries {
  private static final Pattern QUERY = Pattern.compile("(://[^\\s?#\"']*)[?#][^\\s\"']*");

  private UrlQueries() {}

  /** {@code url} with {@code params} appended to its query, encoded. */
  public static URI with(URI url, Map<String, String> params) {
    if (params.isEmpty()) {
      return url;
    }
    StringBuilder text = new StringBuilder(url.toString());
    int fragment = text.indexOf("#");
    String tail = fragment < 0 ? "" : text.substring(fragment);
    if (fragment >= 0) {
      text.setLength(fragment);
    }
    char separator = url.getRawQuery() == null ? '?' : '&';
    for (Map.Entry<String, String> param : params.entrySet()) {
      text.append(separator)
          .append(URLEncoder.encode(param.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8));
      separator = '&';
    }
    return URI.create(text + tail);
  }

  /** {@code url} without its query and fragment, as messages may show it. */
  public static String withoutQuery(URI url) {
    String text = url.toString();
    int cut = text.length();
    for (char c : new char[] {'?', '#'}) {
      int at = text.indexOf(c);
      if (at >= 0) {
        cut = Math.min(cut, at);
      }
    }
    return text.substring(0, cut);
  }

  /** {@code message} with the query string and fragment of every URL in it cut out. */
  public static String strip(String message) {
    return message == null ? null : QUERY.matcher(message).replaceAll("$1");
  }
}
