package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A watch's {@code labelSelector} and {@code fieldSelector}, as a test on an object. Labels: {@code
 * a=b}, {@code a==b}, {@code a!=b}, {@code a}, {@code !a}; fields: {@code metadata.name} and {@code
 * metadata.namespace} with {@code =}, {@code ==} or {@code !=}. Set-based label selectors and other
 * fields select everything, as in the mock's lists.
 */
final class Selectors {
  private Selectors() {}

  static Predicate<JsonNode> of(ApiPath path) {
    List<Predicate<JsonNode>> tests = new ArrayList<>();
    for (String term : terms(path.param("labelSelector"))) {
      label(term, tests);
    }
    for (String term : terms(path.param("fieldSelector"))) {
      field(term, tests);
    }
    if (path.namespace() != null) {
      tests.add(object -> path.namespace().equals(text(object, "namespace")));
    }
    if (path.name() != null) {
      tests.add(object -> path.name().equals(text(object, "name")));
    }
    return object -> tests.stream().allMatch(test -> test.test(object));
  }

  private static List<String> terms(String selector) {
    List<String> terms = new ArrayList<>();
    if (selector != null) {
      for (String term : selector.split(",")) {
        if (!term.isBlank()) {
          terms.add(term.trim());
        }
      }
    }
    return terms;
  }

  private static void label(String term, List<Predicate<JsonNode>> tests) {
    if (term.contains(" in ") || term.contains(" notin ") || term.contains("(")) {
      return;
    }
    Comparison comparison = Comparison.parse(term);
    if (comparison == null) {
      boolean absent = term.startsWith("!");
      String key = absent ? term.substring(1) : term;
      tests.add(object -> labels(object).has(key) != absent);
    } else {
      tests.add(object -> comparison.holds(labels(object).path(comparison.key).asText(null)));
    }
  }

  private static void field(String term, List<Predicate<JsonNode>> tests) {
    Comparison comparison = Comparison.parse(term);
    if (comparison != null && comparison.key.startsWith("metadata.")) {
      String field = comparison.key.substring("metadata.".length());
      if (field.equals("name") || field.equals("namespace")) {
        tests.add(object -> comparison.holds(text(object, field)));
      }
    }
  }

  private static JsonNode labels(JsonNode object) {
    return object.path("metadata").path("labels");
  }

  private static String text(JsonNode object, String metadataField) {
    return object.path("metadata").path(metadataField).asText(null);
  }

  /** {@code key=value}, {@code key==value} or {@code key!=value}. */
  private record Comparison(String key, String value, boolean equal) {
    static Comparison parse(String term) {
      int notEqual = term.indexOf("!=");
      if (notEqual > 0) {
        return new Comparison(term.substring(0, notEqual), term.substring(notEqual + 2), false);
      }
      int equal = term.indexOf('=');
      if (equal <= 0) {
        return null;
      }
      String value = term.substring(equal + 1);
      return new Comparison(
          term.substring(0, equal), value.startsWith("=") ? value.substring(1) : value, true);
    }

    boolean holds(String actual) {
      return value.equals(actual) == equal;
    }
  }
}
