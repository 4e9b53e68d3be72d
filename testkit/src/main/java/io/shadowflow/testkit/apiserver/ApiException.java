package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A request the API server refuses, with the HTTP code and the Status reason kubectl prints. */
public final class ApiException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * One wrong field of an Invalid object, as {@code details.causes} carries it; kubectl prints
   * these, not the message.
   *
   * @param reason e.g. {@code FieldValueRequired}, {@code FieldValueInvalid}
   */
  public record Cause(String reason, String field, String message) {}

  private final int code;
  private final String reason;
  private final String group;
  private final String kind;
  private final String name;
  private final transient List<Cause> causes;

  private ApiException(
      int code, String reason, String message, String group, String kind, String name) {
    this(code, reason, message, group, kind, name, List.of());
  }

  private ApiException(
      int code,
      String reason,
      String message,
      String group,
      String kind,
      String name,
      List<Cause> causes) {
    super(message);
    this.causes = List.copyOf(causes);
    this.code = code;
    this.reason = reason;
    this.group = group;
    this.kind = kind;
    this.name = name;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "BadRequest", message, null, null, null);
  }

  /** The message a real server gives, e.g. {@code workflows.shadowflow.io "x" not found}. */
  public static ApiException notFound(String group, String plural, String name) {
    String resource = group.isEmpty() ? plural : plural + "." + group;
    return new ApiException(
        404, "NotFound", resource + " \"" + name + "\" not found", group, plural, name);
  }

  /** A path that names no resource this server serves. */
  public static ApiException noSuchPath() {
    return new ApiException(
        404, "NotFound", "the server could not find the requested resource", null, null, null);
  }

  public static ApiException invalid(String group, String kind, String name, String message) {
    return new ApiException(422, "Invalid", message, group, kind, name);
  }

  /** An object whose fields break its schema, one cause per wrong field. */
  public static ApiException invalid(String group, String kind, String name, List<Cause> causes) {
    List<String> fields = causes.stream().map(c -> c.field() + ": " + c.message()).toList();
    String message =
        "%s.%s \"%s\" is invalid: %s"
            .formatted(
                kind,
                group,
                name,
                fields.size() == 1 ? fields.get(0) : "[" + String.join(", ", fields) + "]");
    return new ApiException(422, "Invalid", message, group, kind, name, causes);
  }

  /** A write based on a resourceVersion that is no longer the stored one. */
  public static ApiException conflict(String resource, String name) {
    return new ApiException(
        409,
        "Conflict",
        "Operation cannot be fulfilled on "
            + resource
            + " \""
            + name
            + "\": the object has been modified; please apply your changes to the latest version"
            + " and try again",
        null,
        null,
        name);
  }

  public static ApiException alreadyExists(String group, String plural, String name) {
    String resource = group.isEmpty() ? plural : plural + "." + group;
    return new ApiException(
        409, "AlreadyExists", resource + " \"" + name + "\" already exists", group, plural, name);
  }

  public static ApiException unsupportedMediaType(String message) {
    return new ApiException(415, "UnsupportedMediaType", message, null, null, null);
  }

  /** A watch from a resource version older than the events the server still has. */
  public static ApiException expired(String message) {
    return new ApiException(410, "Expired", message, null, null, null);
  }

  public static ApiException methodNotAllowed(String message) {
    return new ApiException(405, "MethodNotAllowed", message, null, null, null);
  }

  public int code() {
    return code;
  }

  /** The body of the error: a {@code meta/v1 Status}. */
  public ObjectNode toStatus() {
    ObjectNode status = status(code, reason, getMessage(), group, kind, name);
    if (!causes.isEmpty()) {
      ArrayNode list = KubeJson.objectAt(status, "details").putArray("causes");
      causes.forEach(
          c ->
              list.addObject()
                  .put("reason", c.reason())
                  .put("message", c.message())
                  .put("field", c.field()));
    }
    return status;
  }

  static ObjectNode status(
      int code, String reason, String message, String group, String kind, String name) {
    ObjectNode status = KubeJson.object();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", message).put("reason", reason);
    if (name != null) {
      ObjectNode details = status.putObject("details");
      details.put("name", name).put("group", group).put("kind", kind);
    }
    status.put("code", code);
    return status;
  }
}
