package io.shadowflow.operator.deploy;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Series of a Prometheus text scrape: each metric name with its label names and values. */
final class Scrape {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** metric name → label name → values seen. */
  final Map<String, Map<String, Set<String>>> metrics = new TreeMap<>();

  Scrape add(String text) {
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.find()) {
        continue;
      }
      Map<String, Set<String>> labels = metrics.computeIfAbsent(m.group(1), k -> new TreeMap<>());
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.computeIfAbsent(l.group(1), k -> new TreeSet<>()).add(l.group(2));
        }
      }
    }
    return this;
  }
}
