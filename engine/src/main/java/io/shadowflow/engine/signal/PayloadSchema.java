package io.shadowflow.engine.signal;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.model.Problems;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a signal's payload must look like: a small, JSON-schema-like language ({@code type}, {@code
 * properties}, {@code required}, {@code items}, {@code enum}, {@code additionalProperties}),
 * checked when a signal is delivered, so a payload the step cannot use is refused at the door.
 */
public final class PayloadSchema {
  /** Accepts any payload. */
  public static final PayloadSchema ANY = new PayloadSchema(null);

  private static final Set<String> KEYWORDS =
      Set.of("type", "properties", "required", "items", "enum", "additionalProperties");
  private static final Set<String> TYPES =
      Set.of("object", "array", "string", "number", "integer", "boolean", "null");

  private final JsonNode schema;

  private PayloadSchema(JsonNode schema) {
    this.schema = schema;
  }

  /**
   * Checks a schema as a manifest gives it, reporting problems under {@code path}.
   *
   * @return the schema, {@link #ANY} for none, or null when it is wrong
   */
  public static PayloadSchema compile(JsonNode schema, String path, Problems problems) {
    if (schema == null || schema.isNull()) {
      return ANY;
    }
    int before = problems.list().size();
    check(schema, path, problems);
    return problems.list().size() > before ? null : new PayloadSchema(schema);
  }

  /** What is wrong with {@code payload}, each as {@code payload.field: problem}; empty if none. */
  public List<String> violations(JsonNode payload) {
    List<String> found = new ArrayList<>();
    if (schema != null) {
      validate(schema, payload, "payload", found);
    }
    return found;
  }

  private static void check(JsonNode schema, String path, Problems problems) {
    if (!schema.isObject()) {
      problems.add(path, "a schema is an object, e.g. {type: object, required: [approved]}");
      return;
    }
    for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!KEYWORDS.contains(name)) {
        problems.add(path + "." + name, "not one of " + KEYWORDS.stream().sorted().toList());
      }
    }
    JsonNode type = schema.get("type");
    if (type != null && !TYPES.contains(type.asText())) {
      problems.add(
          path + ".type",
          "'" + type.asText() + "' is not one of " + TYPES.stream().sorted().toList());
    }
    JsonNode properties = schema.get("properties");
    if (properties != null) {
      if (!properties.isObject()) {
        problems.add(path + ".properties", "a map of field name to schema");
      } else {
        properties
            .fields()
            .forEachRemaining(
                field -> check(field.getValue(), path + ".properties." + field.getKey(), problems));
      }
    }
    JsonNode required = schema.get("required");
    if (required != null && (!required.isArray() || !allText(required))) {
      problems.add(path + ".required", "a list of field names");
    }
    JsonNode items = schema.get("items");
    if (items != null) {
      check(items, path + ".items", problems);
    }
    JsonNode values = schema.get("enum");
    if (values != null && (!values.isArray() || values.isEmpty())) {
      problems.add(path + ".enum", "a list of the values allowed");
    }
    JsonNode additional = schema.get("additionalProperties");
    if (additional != null && !additional.isBoolean()) {
      problems.add(path + ".additionalProperties", "true or false");
    }
  }

  private static boolean allText(JsonNode list) {
    for (JsonNode item : list) {
      if (!item.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static void validate(JsonNode schema, JsonNode value, String at, List<String> found) {
    String type = schema.path("type").asText(null);
    if (type != null && !hasType(value, type)) {
      found.add(at + ": expected " + type + ", got " + typeOf(value));
      return;
    }
    JsonNode values = schema.get("enum");
    if (values != null && !contains(values, value)) {
      found.add(at + ": " + value + " is not one of " + values);
    }
    if (value.isObject()) {
      for (JsonNode name : schema.path("required")) {
        if (!value.has(name.asText())) {
          found.add(at + "." + name.asText() + ": required");
        }
      }
      JsonNode properties = schema.path("properties");
      boolean closed = !schema.path("additionalProperties").asBoolean(true);
      for (Map.Entry<String, JsonNode> field :
          (Iterable<Map.Entry<String, JsonNode>>) value::fields) {
        JsonNode fieldSchema = properties.get(field.getKey());
        if (fieldSchema != null) {
          validate(fieldSchema, field.getValue(), at + "." + field.getKey(), found);
        } else if (closed) {
          found.add(at + "." + field.getKey() + ": not an accepted field");
        }
      }
    }
    JsonNode items = schema.get("items");
    if (items != null && value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        validate(items, value.get(i), at + "[" + i + "]", found);
      }
    }
  }

  private static boolean contains(JsonNode values, JsonNode value) {
    for (JsonNode allowed : values) {
      if (allowed.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "number" -> value.isNumber();
      case "integer" -> value.isIntegralNumber();
      case "boolean" -> value.isBoolean();
      default -> value.isNull();
    };
  }

  private static String typeOf(JsonNode value) {
    return value.isIntegralNumber()
        ? "integer"
        : value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
