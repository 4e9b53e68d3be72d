package io.shadowflow.certify;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.json.Json;
import io.shadowflow.testkit.Promtool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A promtool unit test of one alert of this version's rules whose input is two real scrapes of the
 * operator: one taken before a condition was induced, one after. Five minutes of the first, then
 * twenty-five of the second: the alert must fire on them, and stay quiet on the first alone.
 */
final class ScrapedAlert {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*\\{.*}) (\\S+)");

  private final String alert;
  private final String metric;
  private final String namespace;

  ScrapedAlert(String alert, String metric, String namespace) {
    this.alert = alert;
    this.metric = metric;
    this.namespace = namespace;
  }

  /**
   * Runs the test with promtool in {@code directory}.
   *
   * @param root where promtool may be installed (.tools/bin), if not on the PATH
   */
  Evidence firesOn(String before, String after, Path root, Path directory)
      throws IOException, InterruptedException {
    Map<String, String> was = samples(before);
    Map<String, String> is = samples(after);
    if (is.isEmpty()) {
      return Evidence.fail("no " + metric + " of namespace " + namespace + " in the scrape");
    }
    List<Map<String, Object>> firing = new ArrayList<>();
    List<Map<String, Object>> quiet = new ArrayList<>();
    is.forEach(
        (series, value) -> {
          String first = was.containsKey(series) ? was.get(series) + "+0x4" : "_x5";
          firing.add(Map.of("series", series, "values", first + " " + value + "+0x25"));
        });
    was.forEach((series, value) -> quiet.add(Map.of("series", series, "values", value + "+0x30")));
    Path rules = directory.resolve("alerts.yaml");
    try (InputStream in = ScrapedAlert.class.getResourceAsStream("alerts.yaml")) {
      Files.write(rules, in.readAllBytes());
    }
    Map<String, Object> test = new LinkedHashMap<>();
    test.put("rule_files", List.of(rules.toString()));
    test.put("evaluation_interval", "1m");
    test.put(
        "tests",
        List.of(
            testCase(
                alert + " fires on the scrapes", firing, List.of(expectedAlert(rules, sum(is)))),
            testCase(alert + " stays quiet before", quiet, List.of())));
    Path file = directory.resolve(alert + "-scraped-test.yaml");
    Files.writeString(file, Json.YAML.writeValueAsString(test));
    Promtool.Result result = Promtool.run(root, directory, "test", "rules", file.toString());
    List<String> lines = new ArrayList<>();
    is.forEach(
        (series, value) -> {
          String earlier = was.getOrDefault(series, "absent");
          if (!earlier.equals(value)) {
            lines.add("scraped before and after: " + series + " " + earlier + " -> " + value);
          }
        });
    lines.add(
        "promtool test rules "
            + file
            + ": "
            + (result.exitCode() == 0
                ? alert + " fires on the scrapes and stays quiet on the first"
                : result.output().strip()));
    return Evidence.of(result.exitCode() == 0, lines);
  }

  private Map<String, Object> testCase(
      String name, List<Map<String, Object>> series, List<Map<String, Object>> expected) {
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("eval_time", "10m");
    check.put("alertname", alert);
    check.put("exp_alerts", expected);
    Map<String, Object> test = new LinkedHashMap<>();
    test.put("name", name);
    test.put("interval", "1m");
    test.put("input_series", series);
    test.put("alert_rule_test", List.of(check));
    return test;
  }

  /** The alert as its rule says it, for this namespace and the expression's value. */
  private Map<String, Object> expectedAlert(Path rules, String value) throws IOException {
    JsonNode rule = rule(rules);
    Map<String, String> labels = new TreeMap<>(Map.of("namespace", namespace));
    rule.path("labels")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    Map<String, String> annotations = new TreeMap<>();
    rule.path("annotations")
        .fields()
        .forEachRemaining(
            e ->
                annotations.put(
                    e.getKey(),
                    e.getValue()
                        .asText()
                        .replace("{{ $labels.namespace }}", namespace)
                        .replace("{{ $value }}", value)));
    if (annotations.values().stream().anyMatch(a -> a.contains("{{"))) {
      throw new IllegalStateException(alert + " has annotations only Prometheus can fill");
    }
    return Map.of("exp_labels", labels, "exp_annotations", annotations);
  }

  private JsonNode rule(Path rules) throws IOException {
    for (JsonNode group : Json.YAML.readTree(rules.toFile()).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (alert.equals(rule.path("alert").asText())) {
          return rule;
        }
      }
    }
    throw new IllegalStateException("no alert " + alert + " in this version's rules");
  }

  /** The series' sum as a Prometheus template prints it ({@code 3}, {@code 0.5}). */
  private static String sum(Map<String, String> samples) {
    double sum = samples.values().stream().mapToDouble(Double::parseDouble).sum();
    return sum == Math.rint(sum) ? Long.toString((long) sum) : Double.toString(sum);
  }

  /** The scrape's series of the metric in the namespace, each with its value. */
  private Map<String, String> samples(String scrape) {
    Map<String, String> samples = new TreeMap<>();
    for (String line : scrape.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith(metric + "{")
          && line.contains("namespace=\"" + namespace + "\"")
          && m.find()) {
        samples.put(m.group(1), m.group(2));
      }
    }
    return samples;
  }
}
