package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Kubernetes JSONPath that printer columns use: {@code .a.b}, {@code ['a.b']}, {@code
 * [0]}, {@code [*]} and filters {@code [?(@.type=="Ready")]} (with {@code ==} or {@code !=}).
 */
final class JsonPaths {
  private static final Pattern TOKEN =
      Pattern.compile(
          "\\.([^.\\[]+)"
              + "|\\[['\"]([^'\"]+)['\"]\\]"
              + "|\\[(\\d+|\\*)\\]"
              + "|\\[\\?\\(@((?:\\.[^.=!)]+)+)\\s*(==|!=)\\s*['\"]?([^'\")]*)['\"]?\\)\\]");

  private JsonPaths() {}

  /** Every value the path reaches, in document order; empty when it reaches none. */
  static List<JsonNode> read(JsonNode root, String path) {
    String expression = path.trim();
    if (expression.startsWith("{") && expression.endsWith("}")) {
      expression = expression.substring(1, expression.length() - 1);
    }
    if (expression.startsWith("$")) {
      expression = expression.substring(1);
    }
    List<JsonNode> current = new ArrayList<>(List.of(root));
    Matcher matcher = TOKEN.matcher(expression);
    int position = 0;
    while (position < expression.length()) {
      if (!matcher.find(position) || matcher.start() != position) {
        return List.of(); // not in the supported subset: show nothing rather than fail the get
      }
      current = step(current, matcher);
      position = matcher.end();
    }
    return current;
  }

  private static List<JsonNode> step(List<JsonNode> nodes, Matcher token) {
    List<JsonNode> next = new ArrayList<>();
    for (JsonNode node : nodes) {
      if (token.group(1) != null || token.group(2) != null) {
        String field = token.group(1) != null ? token.group(1) : token.group(2);
        addIfPresent(next, node.get(field));
      } else if (token.group(3) != null) {
        if (token.group(3).equals("*")) {
          node.forEach(next::add);
        } else {
          addIfPresent(next, node.get(Integer.parseInt(token.group(3))));
        }
      } else {
        for (JsonNode element : node) {
          JsonNode value = element;
          for (String field : token.group(4).substring(1).split("\\.")) {
            value = value.path(field);
          }
          boolean equal = value.isValueNode() && value.asText().equals(token.group(6));
          if (equal == token.group(5).equals("==")) {
            next.add(element);
          }
        }
      }
    }
    return next;
  }

  private static void addIfPresent(List<JsonNode> list, JsonNode node) {
    if (node != null && !node.isNull()) {
      list.add(node);
    }
  }
}
