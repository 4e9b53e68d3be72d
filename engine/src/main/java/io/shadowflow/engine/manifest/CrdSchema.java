package io.shadowflow.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.Values;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The bounds of the generated Workflow CRD's schema (maxLength, maxItems, maxProperties, pattern,
 * enum, minimum, maximum), checked by the engine against the same file the API server gets, read
 * from the crds jar: what {@code kubectl apply} would refuse, {@code validate} refuses too, and the
 * two cannot drift. Types and CEL rules are the compiler's to check.
 */
final class CrdSchema {
  private static final String RESOURCE = "/META-INF/fabric8/workflows.shadowflow.io-v1.yml";

  /** The schema of a Workflow's {@code spec}. */
  static final CrdSchema WORKFLOW_SPEC = new CrdSchema(load());

  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private final JsonNode spec;

  private CrdSchema(JsonNode spec) {
    this.spec = spec;
  }

  private static JsonNode load() {
    try (InputStream in = CrdSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path (crds jar)");
      }
      JsonNode crd = Json.YAML.readTree(in);
      return crd.path("spec")
          .path("versions")
          .get(0)
          .path("schema")
          .path("openAPIV3Schema")
          .path("properties")
          .path("spec");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reports every value of {@code node} beyond a bound of the schema, by its field path. */
  void check(JsonNode node, String path, Problems problems) {
    check(spec, node, path, problems);
  }

  private static void check(JsonNode schema, JsonNode node, String path, Problems problems) {
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
        && !schema.has("type")) {
      return;
    }
    if (node.isTextual()) {
      checkString(schema, node.textValue(), path, problems);
    } else if (node.isNumber()) {
      checkNumber(schema, node, path, problems);
    } else if (node.isArray()) {
      checkCount(schema, "maxItems", node.size(), path, "items", problems);
      for (int i = 0; i < node.size(); i++) {
        check(schema.path("items"), node.get(i), path + "[" + i + "]", problems);
      }
    } else if (node.isObject()) {
      checkCount(schema, "maxProperties", node.size(), path, "entries", problems);
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode child = schema.path("properties").path(field.getKey());
        if (child.isMissingNode()) {
          child = schema.path("additionalProperties");
        }
        check(child, field.getValue(), path + "." + Values.cut(field.getKey()), problems);
      }
    }
  }

  private static void checkString(JsonNode schema, String text, String path, Problems problems) {
    int length = text.codePointCount(0, text.length());
    if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
      problems.add(
          path,
          "is "
              + length
              + " characters long; at most "
              + schema.get("maxLength").asInt()
              + " (the CRD's maxLength)");
      return; // A pattern is only ever matched against a string of bounded length.
    }
    if (schema.has("pattern")
        && !PATTERNS
            .computeIfAbsent(schema.get("pattern").asText(), Pattern::compile)
            .matcher(text)
            .find()) {
      problems.add(
          path,
          Values.quote(text)
              + " does not match "
              + schema.get("pattern").asText()
              + " (the CRD's pattern)");
    }
    if (schema.has("enum") && !contains(schema.get("enum"), text)) {
      problems.add(path, Values.quote(text) + " is not one of " + schema.get("enum"));
    }
  }

  private static void checkNumber(JsonNode schema, JsonNode value, String path, Problems problems) {
    if (schema.has("minimum") && value.doubleValue() < schema.get("minimum").doubleValue()) {
      problems.add(path, "must be at least " + schema.get("minimum") + ", got " + value);
    }
    if (schema.has("maximum") && value.doubleValue() > schema.get("maximum").doubleValue()) {
      problems.add(path, "must be at most " + schema.get("maximum") + ", got " + value);
    }
  }

  private static void checkCount(
      JsonNode schema, String bound, int count, String path, String what, Problems problems) {
    if (schema.has(bound) && count > schema.get(bound).asInt()) {
      problems.add(
          path,
          "has "
              + count
              + " "
              + what
              + "; at most "
              + schema.get(bound).asInt()
              + " (the CRD's "
              + bound
              + ")");
    }
  }

  private static boolean contains(JsonNode values, String text) {
    for (JsonNode value : values) {
      if (value.asText().equals(text)) {
        return true;
      }
    }
    return false;
  }
}
