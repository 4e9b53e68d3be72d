package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The plain part of a CRD's structural schema, checked as the API server checks a custom resource
 * it stores: {@code type}, {@code required}, {@code enum}, {@code minimum}/{@code maximum}, {@code
 * pattern} and {@code maxItems}, through properties, {@code additionalProperties} and array items.
 * CEL rules ({@code x-kubernetes-validations}) and formats are not checked. {@code metadata} and
 * {@code status} are left alone: the server owns the first, and the operator alone writes the
 * second.
 */
final class SchemaValidation {
  private SchemaValidation() {}

  /**
   * Throws 422 Invalid, with every violation in a real server's wording, when {@code object} breaks
   * its schema; a null schema (a built-in type) accepts everything.
   */
  static void check(ResourceType type, JsonNode object) throws ApiException {
    JsonNode schema = type.schema();
    if (schema == null || schema.isMissingNode() || !object.isObject()) {
      return;
    }
    List<ApiException.Cause> errors = new ArrayList<>();
    check(schema, object, "", errors);
    if (!errors.isEmpty()) {
      throw ApiException.invalid(
          type.group(), type.kind(), object.path("metadata").path("name").asText(), errors);
    }
  }

  private static void check(
      JsonNode schema, JsonNode value, String path, List<ApiException.Cause> errors) {
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean(false)) {
        errors.add(
            invalid(
                path,
                "Invalid value: \"null\": %s in body must be of type %s"
                    .formatted(path, type(schema))));
      }
      return;
    }
    if (!hasType(schema, value)) {
      errors.add(
          invalid(
              path,
              "Invalid value: \"%s\": %s in body must be of type %s"
                  .formatted(jsonType(value), path, type(schema))));
      return;
    }
    JsonNode allowed = schema.path("enum");
    if (allowed.isArray() && !contains(allowed, value)) {
      errors.add(
          new ApiException.Cause(
              "FieldValueNotSupported",
              path,
              "Unsupported value: %s: supported values: %s".formatted(value, texts(allowed))));
    }
    if (value.isNumber()) {
      if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
        errors.add(
            invalid(
                path,
                "Invalid value: %s: %s in body should be greater than or equal to %s"
                    .formatted(value, path, schema.get("minimum"))));
      }
      if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
        errors.add(
            invalid(
                path,
                "Invalid value: %s: %s in body should be less than or equal to %s"
                    .formatted(value, path, schema.get("maximum"))));
      }
    }
    if (value.isTextual()
        && schema.has("pattern")
        && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
      errors.add(
          invalid(
              path,
              "Invalid value: %s: %s in body should match '%s'"
                  .formatted(value, path, schema.get("pattern").asText())));
    }
    if (value.isArray()) {
      if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
        errors.add(
            invalid(
                path,
                "Invalid value: %d: %s in body should have at least %d items"
                    .formatted(value.size(), path, schema.get("minItems").asInt())));
      }
      if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
        errors.add(
            new ApiException.Cause(
                "FieldValueTooMany",
                path,
                "Too many: %d: must have at most %d items"
                    .formatted(value.size(), schema.get("maxItems").asInt())));
      }
      for (int i = 0; i < value.size(); i++) {
        check(schema.path("items"), value.get(i), path + "[" + i + "]", errors);
      }
    } else if (value.isObject()) {
      for (JsonNode required : schema.path("required")) {
        String field = required.asText();
        if (!value.has(field) && !serverOwned(path, field)) {
          errors.add(required(child(path, field)));
        }
      }
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.path("additionalProperties");
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        if (serverOwned(path, field.getKey())) {
          continue;
        }
        JsonNode fieldSchema = properties.path(field.getKey());
        if (fieldSchema.isMissingNode() && additional.isObject()) {
          fieldSchema = additional;
        }
        if (!fieldSchema.isMissingNode()) {
          check(fieldSchema, field.getValue(), child(path, field.getKey()), errors);
        }
      }
    }
  }

  /** The object's own metadata and status, at the root only: not checked (see above). */
  private static boolean serverOwned(String path, String field) {
    return path.isEmpty() && (field.equals("metadata") || field.equals("status"));
  }

  /** The path of a field: {@code spec}, then {@code spec.steps}. */
  private static String child(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  private static ApiException.Cause required(String path) {
    return new ApiException.Cause("FieldValueRequired", path, "Required value");
  }

  private static ApiException.Cause invalid(String path, String message) {
    return new ApiException.Cause("FieldValueInvalid", path, message);
  }

  private static boolean hasType(JsonNode schema, JsonNode value) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return value.isIntegralNumber() || value.isTextual();
    }
    return switch (schema.path("type").asText("")) {
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      default -> true;
    };
  }

  private static String type(JsonNode schema) {
    return schema.path("type").asText("any");
  }

  private static String jsonType(JsonNode value) {
    return switch (value.getNodeType()) {
      case STRING -> "string";
      case NUMBER -> value.isIntegralNumber() ? "integer" : "number";
      case BOOLEAN -> "boolean";
      case ARRAY -> "array";
      case OBJECT -> "object";
      default -> "null";
    };
  }

  private static boolean contains(JsonNode array, JsonNode value) {
    for (JsonNode element : array) {
      if (element.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static String texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(element -> texts.add("\"" + element.asText() + "\""));
    return String.join(", ", texts);
  }
}
