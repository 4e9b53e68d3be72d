package io.shadowflow.engine.secret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.api.SecretParamSpec;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.Problems;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The secret parameters of one http step or planner: references checked at compile time, values
 * read only when the request is built. What a run records (definition, step input, hashes) is
 * {@link #references()}; a rotated key therefore changes nothing that is stored.
 */
public final class SecretParams {
  /** Most secret parameters one step may have. */
  public static final int MAX = 16;

  public static final SecretParams NONE = new SecretParams(List.of());

  private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final Set<String> PLACES = Set.of("header", "query", "body");

  /** One parameter: where it goes, its name, the text before the value, and the reference. */
  private record Param(String in, String name, String prefix, SecretKeyRef ref) {}

  /**
   * The values of one request, by place: header, query parameter, body field; and each value with
   * the reference that stands in for it in whatever the request brings back.
   */
  public record Values(
      Map<String, String> headers,
      Map<String, String> query,
      Map<String, String> body,
      Map<String, String> references) {
    /**
     * {@code text} (an answer about to be recorded) with every secret value replaced by its
     * reference: an endpoint that echoes a key must not put it into the run's records.
     */
    public String redact(String text) {
      String redacted = text;
      for (Map.Entry<String, String> value : references.entrySet()) {
        redacted = redacted.replace(value.getKey(), value.getValue());
      }
      return redacted;
    }
  }

  /** Values shorter than this are not redacted from answers: they would match ordinary text. */
  private static final int MIN_REDACTED = 4;

  private final List<Param> params;

  private SecretParams(List<Param> params) {
    this.params = params;
  }

  /** Every Secret key the parameters refer to. */
  public List<SecretKeyRef> refs() {
    return params.stream().map(Param::ref).toList();
  }

  /**
   * Checks {@code specs}, reporting problems under {@code path}; {@link #NONE} for none.
   *
   * @return null when a parameter is wrong
   */
  public static SecretParams compile(List<SecretParamSpec> specs, String path, Problems problems) {
    if (specs == null || specs.isEmpty()) {
      return NONE;
    }
    if (specs.size() > MAX) {
      problems.add(path, "at most " + MAX + " secret parameters, got " + specs.size());
      return null;
    }
    List<Param> params = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < specs.size(); i++) {
      Param param = compile(specs.get(i), path + "[" + i + "]", problems);
      if (param != null && !seen.add(param.in() + ":" + param.name())) {
        problems.add(
            path + "[" + i + "].name", param.in() + " " + param.name() + " is given twice");
      }
      params.add(param);
    }
    return params.contains(null) || params.size() != seen.size()
        ? null
        : new SecretParams(List.copyOf(params));
  }

  private static Param compile(SecretParamSpec spec, String path, Problems problems) {
    boolean fine = true;
    if (spec == null || !PLACES.contains(spec.in)) {
      problems.add(
          path + ".in", "expected header, query or body, got " + (spec == null ? null : spec.in));
      return null;
    }
    if (spec.name == null || !PARAM_NAME.matcher(spec.name).matches()) {
      problems.add(
          path + ".name",
          "required: letters, digits, '_', '.' or '-', at most 128 characters, got " + spec.name);
      fine = false;
    }
    if (spec.prefix != null && (spec.prefix.length() > 64 || spec.prefix.contains("\n"))) {
      problems.add(path + ".prefix", "at most 64 characters on one line");
      fine = false;
    }
    SecretKeyRef ref = SecretKeyRef.compile(spec.valueFrom, path + ".valueFrom", problems);
    return fine && ref != null
        ? new Param(spec.in, spec.name, spec.prefix == null ? "" : spec.prefix, ref)
        : null;
  }

  public boolean isEmpty() {
    return params.isEmpty();
  }

  /** What a run records of the parameters: places, names and references, never a value. */
  public JsonNode references() {
    ArrayNode references = Json.NODES.arrayNode();
    for (Param param : params) {
      references
          .addObject()
          .put("in", param.in())
          .put("name", param.name())
          .put("secret", param.ref().toString());
    }
    return references;
  }

  /**
   * Reads the values for one request; call it only while building that request.
   *
   * @throws WorkflowFailure SECRET_NOT_FOUND when a file is missing
   */
  public Values resolve(SecretDirectory directory, String step) {
    Map<String, Map<String, String>> byPlace = new TreeMap<>();
    PLACES.forEach(place -> byPlace.put(place, new TreeMap<>()));
    // Longest first: a value inside another (a token inside a prefixed copy) is replaced last.
    Map<String, String> references =
        new TreeMap<>(
            Comparator.comparingInt(String::length)
                .reversed()
                .thenComparing(Comparator.naturalOrder()));
    for (Param param : params) {
      String value = directory.read(param.ref(), step).reveal();
      byPlace.get(param.in()).put(param.name(), param.prefix() + value);
      if (value.length() >= MIN_REDACTED) {
        references.put(value, "<secret " + param.ref() + ">");
      }
    }
    return new Values(byPlace.get("header"), byPlace.get("query"), byPlace.get("body"), references);
  }

  /**
   * {@code body} with the secret body fields set: the body sent, never the body recorded.
   *
   * @throws WorkflowFailure MANIFEST_INVALID when there are body fields to set and the body is not
   *     a JSON object
   */
  public static JsonNode withFields(JsonNode body, Map<String, String> fields, String step) {
    if (fields.isEmpty()) {
      return body;
    }
    if (body != null && !body.isNull() && !body.isObject()) {
      throw new WorkflowFailure(
          FailureCode.MANIFEST_INVALID,
          FailureCode.MANIFEST_INVALID.withDetail(
              step + ": secret body fields need the body to be a JSON object"));
    }
    ObjectNode sent =
        body == null || body.isNull() ? Json.object() : ((ObjectNode) body).deepCopy();
    fields.forEach(sent::put);
    return sent;
  }
}
