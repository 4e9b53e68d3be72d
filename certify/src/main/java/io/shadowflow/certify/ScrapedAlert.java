package io.shadowflow.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.testing.Promtool;
import java.io.IOException;
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
 * A promtool unit test of one alert of monitoring/alerts.yaml whose input is two real scrapes of
 * the operator: one taken before a condition was induced, one after. Five minutes of the first,
 * then twenty-five of the second: the alert must fire on them, and stay quiet on the first alone.
 */
final class ScrapedAlert {
  private static final Path RULES = Promtool.MONITORING.resolve("alerts.yaml");
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*\\{.*}) (\\S+)");

  private final String alert;
  private final String metric;
  private final String namespace;

  ScrapedAlert(String alert, String metric, String namespace) {
    this.alert = alert;
    this.metric = metric;
    this.namespace = namespace;
  }

  /** Runs the test in {@code directory}; fails with promtool's report unless both cases pass. */
  void assertFiresOn(String before, String after, Path directory) throws Exception {
    Map<String, String> was = samples(before);
    Map<String, String> is = samples(after);
    assertThat(is).as("%s of namespace %s in the scrape", metric, namespace).isNotEmpty();
    List<Map<String, Object>> firing = new ArrayList<>();
    List<Map<String, Object>> quiet = new ArrayList<>();
    is.forEach(
        (series, value) -> {
          String first = was.containsKey(series) ? was.get(series) + "+0x4" : "_x5";
          firing.add(Map.of("series", series, "values", first + " " + value + "+0x25"));
        });
    was.forEach((series, value) -> quiet.add(Map.of("series", series, "values", value + "+0x30")));
    Map<String, Object> test = new LinkedHashMap<>();
    test.put("rule_files", List.of(RULES.toString()));
    test.put("evaluation_interval", "1m");
    test.put(
        "tests",
        List.of(
            testCase(alert + " fires on the scrapes", firing, List.of(expectedAlert())),
            testCase(alert + " stays quiet before", quiet, List.of())));
    Path file = directory.resolve(alert + "-scraped-test.yaml");
    Files.writeString(file, Json.YAML.writeValueAsString(test));
    Promtool.Result result = Promtool.run(directory, "test", "rules", file.toString());
    assertThat(result.exitCode())
        .as("promtool test rules %s\n%s\n%s", file, Files.readString(file), result.output())
        .isZero();
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

  /** The alert as the rule says it, for this namespace. */
  private Map<String, Object> expectedAlert() throws IOException {
    JsonNode rule = rule();
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
                    e.getValue().asText().replace("{{ $labels.namespace }}", namespace)));
    assertThat(annotations.values())
        .as("annotations this test can fill")
        .noneMatch(a -> a.contains("{{"));
    return Map.of("exp_labels", labels, "exp_annotations", annotations);
  }

  private JsonNode rule() throws IOException {
    for (JsonNode group : Json.YAML.readTree(RULES.toFile()).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (alert.equals(rule.path("alert").asText())) {
          return rule;
        }
      }
    }
    throw new AssertionError("no alert " + alert + " in " + RULES);
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
