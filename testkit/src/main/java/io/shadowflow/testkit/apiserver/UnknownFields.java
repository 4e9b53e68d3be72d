package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of a custom resource that its CRD's structural schema does not declare, named as a
 * real server names them in {@code unknown field "spec.steps[0].nmae"}. A field is known when its
 * object's schema lists it in {@code properties}, has {@code additionalProperties}, or says {@code
 * x-kubernetes-preserve-unknown-fields}; {@code apiVersion}, {@code kind} and {@code metadata} are
 * always known at the root and in embedded resources ({@code metadata} itself is not looked into).
 */
final class UnknownFields {
  private static final Set<String> OBJECT_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private UnknownFields() {}

  static List<String> in(JsonNode schema, JsonNode object) {
    List<String> unknown = new ArrayList<>();
    if (schema != null && schema.isObject()) {
      collect(schema, object, "", true, unknown);
    }
    return unknown;
  }

  private static void collect(
      JsonNode schema, JsonNode value, String path, boolean resource, List<String> unknown) {
    if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        collect(schema.path("items"), value.get(i), path + "[" + i + "]", false, unknown);
      }
      return;
    }
    if (!value.isObject()) {
      return;
    }
    boolean embedded = resource || schema.path("x-kubernetes-embedded-resource").asBoolean(false);
    boolean open = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    JsonNode additional = schema.path("additionalProperties");
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      String name = field.getKey();
      String fieldPath = path.isEmpty() ? name : path + "." + name;
      JsonNode fieldSchema = schema.path("properties").path(name);
      if (embedded && OBJECT_FIELDS.contains(name)) {
        continue;
      } else if (!fieldSchema.isMissingNode()) {
        collect(fieldSchema, field.getValue(), fieldPath, false, unknown);
      } else if (additional.isObject()) {
        collect(additional, field.getValue(), fieldPath, false, unknown);
      } else if (!open && !additional.asBoolean(false)) {
        unknown.add(fieldPath);
      }
    }
  }
}
