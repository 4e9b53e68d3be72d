package io.shadowflow.engine.step.kinds;

import io.shadowflow.engine.model.Problems;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Header names the JDK HTTP client accepts. It throws at send time on the rest, so without this
 * check a bad name passes validation and fails only the run that reaches the step.
 */
final class HeaderNames {
  /** The client sets these itself and refuses them from callers. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  /** RFC 9110 token: the only characters a header name may have. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private HeaderNames() {}

  static void check(Map<String, String> headers, String path, Problems problems) {
    if (headers == null) {
      return;
    }
    for (String name : headers.keySet()) {
      String at = path + "." + name;
      if (!TOKEN.matcher(name).matches()) {
        problems.add(
            at,
            "'" + name + "' is not a valid header name; use letters, digits and !#$%&'*+.^_`|~-");
      } else if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
        problems.add(
            at,
            "the HTTP client sets "
                + name
                + " itself and refuses it; remove it (restricted: Host, Connection,"
                + " Content-Length, Expect, Upgrade)");
      }
    }
  }
}
