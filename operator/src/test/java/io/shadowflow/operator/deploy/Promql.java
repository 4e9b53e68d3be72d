package io.shadowflow.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL reading for the tests: the series selectors of an expression (metric and
 * matcher labels) and the labels of its by/on/without/ignoring clauses.
 */
final class Promql {
  private static final Set<String> WORDS =
      Set.of(
          "sum",
          "min",
          "max",
          "avg",
          "count",
          "rate",
          "irate",
          "increase",
          "delta",
          "changes",
          "absent",
          "vector",
          "by",
          "on",
          "without",
          "ignoring",
          "group_left",
          "group_right",
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "histogram_quantile",
          "clamp_min",
          "time",
          "label_values",
          "topk",
          "bottomk",
          "abs",
          "scalar",
          "timestamp");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|on|without|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
  private static final Pattern SELECTOR =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*\\})?");
  private static final Pattern MATCHER =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");

  private Promql() {}

  /** One rule of a rules file. */
  record Rule(String alert, String record, String expr, Map<String, String> annotations) {}

  /** One series selector: a metric and the labels its matchers name. */
  record Selector(String metric, Set<String> labels) {}

  /** What an expression reads. */
  record Parsed(List<Selector> selectors, Set<String> groupingLabels) {}

  @SuppressWarnings("unchecked")
  static List<Rule> rules(Path file) throws IOException {
    Map<String, Object> doc = Serialization.unmarshal(Files.readString(file), Map.class);
    List<Rule> rules = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) doc.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        rules.add(
            new Rule(
                (String) rule.get("alert"),
                (String) rule.get("record"),
                String.valueOf(rule.get("expr")),
                (Map<String, String>) rule.getOrDefault("annotations", Map.of())));
      }
    }
    return rules;
  }

  static List<String> dashboardExpressions(Path file) throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
    List<String> expressions = new ArrayList<>();
    dashboard.findValues("expr").forEach(e -> expressions.add(e.asText()));
    dashboard.findValues("query").stream()
        .filter(JsonNode::isTextual)
        .map(JsonNode::asText)
        .filter(q -> q.startsWith("label_values("))
        .forEach(q -> expressions.add(q.replaceAll("^label_values\\(([^,]+),.*$", "$1")));
    return expressions;
  }

  static Parsed parse(String expr) {
    // Durations and string literals hold nothing to check; Grafana's variables neither.
    String text = expr.replaceAll("\\[[^]]*]", " ");
    Set<String> grouping = new TreeSet<>();
    Matcher g = GROUPING.matcher(text);
    while (g.find()) {
      Arrays.stream(g.group(1).split(","))
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .forEach(grouping::add);
    }
    text = GROUPING.matcher(text).replaceAll(" ");
    List<Selector> selectors = new ArrayList<>();
    Matcher s = SELECTOR.matcher(text);
    while (s.find()) {
      String name = s.group(1);
      int end = s.end(1);
      boolean call = text.substring(end).stripLeading().startsWith("(") && s.group(2) == null;
      boolean number = Character.isDigit(text.charAt(s.start()));
      boolean inBraces = text.lastIndexOf('{', s.start()) > text.lastIndexOf('}', s.start());
      boolean afterDigit = s.start() > 0 && Character.isDigit(text.charAt(s.start() - 1));
      if (WORDS.contains(name) || call || number || inBraces || afterDigit) {
        continue;
      }
      Set<String> labels = new TreeSet<>();
      if (s.group(2) != null) {
        Matcher m = MATCHER.matcher(s.group(2).replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""));
        while (m.find()) {
          labels.add(m.group(1));
        }
      }
      selectors.add(new Selector(name, labels));
    }
    return new Parsed(selectors, grouping);
  }
}
