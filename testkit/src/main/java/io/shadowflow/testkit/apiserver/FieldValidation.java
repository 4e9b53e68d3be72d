package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The {@code fieldValidation} query parameter of a write to a custom resource: {@code Strict} (what
 * kubectl sends by default) refuses unknown fields with a real server's 400 message, {@code Warn}
 * answers with a {@code Warning} header per field (kubectl prints {@code Warning: unknown field
 * ...}), {@code Ignore} or no parameter lets them through.
 *
 * <p>Unlike a real server, unknown fields are not pruned, so only fields the write adds are
 * reported; built-in types have no schema here and are never checked.
 */
final class FieldValidation {
  private FieldValidation() {}

  /** How the write sent its object, which decides the wording of a refusal. */
  enum Write {
    /** POST or PUT: the whole object is decoded. */
    DECODE,
    /** A patch of any kind, server-side apply included. */
    PATCH
  }

  /**
   * The warnings to send back, or an exception for a {@code Strict} write, about the fields of
   * {@code written} its schema does not declare and {@code current} (null on create) did not have.
   */
  static List<String> check(
      ResourceType type, ApiPath path, JsonNode written, JsonNode current, Write write)
      throws ApiException {
    String directive = path.param("fieldValidation");
    if (directive == null || directive.equals("Ignore") || type.schema() == null) {
      return List.of();
    }
    List<String> known = current == null ? List.of() : UnknownFields.in(type.schema(), current);
    List<String> unknown =
        UnknownFields.in(type.schema(), written).stream()
            .filter(field -> !known.contains(field))
            .map(field -> "unknown field \"" + field + "\"")
            .toList();
    if (unknown.isEmpty() || directive.equals("Warn")) {
      return unknown;
    }
    if (!directive.equals("Strict")) {
      throw ApiException.badRequest(
          "fieldValidation must be one of Ignore, Warn or Strict, not " + directive);
    }
    String message = "strict decoding error: " + String.join(", ", unknown);
    throw ApiException.badRequest(
        write == Write.PATCH
            ? message
            : "%s in version \"%s\" cannot be handled as a %s: %s"
                .formatted(type.kind(), type.version(), type.kind(), message));
  }

  /** A {@code Warning} header's value: code 299, no agent, the text quoted. */
  static String warningHeader(String warning) {
    return "299 - \"" + warning.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
