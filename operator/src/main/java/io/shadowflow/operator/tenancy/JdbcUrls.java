package io.shadowflow.operator.tenancy;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The operator's JDBC URL as engine pods get it: the same server, none of its credentials. */
final class JdbcUrls {
  private JdbcUrls() {}

  /** {@code url} without its {@code user} and {@code password} query parameters. */
  static String withoutCredentials(String url) {
    int query = url.indexOf('?');
    if (query < 0) {
      return url;
    }
    String kept =
        Arrays.stream(url.substring(query + 1).split("&"))
            .filter(p -> !p.startsWith("user=") && !p.startsWith("password="))
            .filter(p -> !p.isEmpty())
            .collect(Collectors.joining("&"));
    return kept.isEmpty() ? url.substring(0, query) : url.substring(0, query) + "?" + kept;
  }
}
