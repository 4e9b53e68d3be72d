package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Fills in the {@code default}s of a CRD's structural schema, as the API server does when it stores
 * a custom resource: a field absent from an object present gets its default, recursively through
 * properties, {@code additionalProperties} and array items.
 */
final class SchemaDefaults {
  private SchemaDefaults() {}

  /** Adds the defaults to {@code object} in place; a null or missing schema changes nothing. */
  static void apply(JsonNode schema, JsonNode object) {
    if (schema == null || schema.isMissingNode() || object == null) {
      return;
    }
    if (object.isObject()) {
      ObjectNode fields = (ObjectNode) object;
      for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
        JsonNode defaultValue = property.getValue().get("default");
        if (!fields.has(property.getKey()) && defaultValue != null) {
          fields.set(property.getKey(), defaultValue.deepCopy());
        }
        apply(property.getValue(), fields.get(property.getKey()));
      }
      JsonNode additional = schema.path("additionalProperties");
      if (additional.isObject()) {
        for (Map.Entry<String, JsonNode> field : fields.properties()) {
          if (!schema.path("properties").has(field.getKey())) {
            apply(additional, field.getValue());
          }
        }
      }
    } else if (object.isArray()) {
      object.forEach(element -> apply(schema.path("items"), element));
    }
  }
}
