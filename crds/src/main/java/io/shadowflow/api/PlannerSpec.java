package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/** Where a plan step gets its steps: given in the spec, or asked of a planner service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlannerSpec {
  @JsonPropertyDescription(
      "static (the steps are listed here) or http (POST to a planner service).")
  @Size(max = ManifestLimits.WORD_CHARS)
  public String type;

  @JsonPropertyDescription(
      "static: the planned steps, checked by the planner sandbox exactly as an answer of a service.")
  @Size(max = ManifestLimits.PLANNED_STEPS)
  public List<JsonNode> steps;

  @JsonPropertyDescription(
      "http: URL the engine POSTs to; the service answers {\"steps\": [...]} as JSON.")
  @Size(max = ManifestLimits.URL_CHARS)
  public String url;

  @JsonPropertyDescription("http: extra request headers.")
  @Size(max = ManifestLimits.HEADERS)
  @ValueSize(max = ManifestLimits.HEADER_VALUE_CHARS)
  public Map<String, String> headers;

  @JsonPropertyDescription(
      "http: CEL expression whose value is the request body; default {\"input\": input}.")
  @Size(max = ManifestLimits.EXPRESSION_CHARS)
  public String body;

  @JsonPropertyDescription(
      "http: headers, query parameters or body fields whose values come from Secrets.")
  @Size(max = 16)
  public List<SecretParamSpec> secrets;

  @JsonPropertyDescription(
      "Whether planned steps may make HTTP calls (http steps, http planners); default false.")
  public Boolean allowHttp;

  @JsonPropertyDescription("Most steps a plan may hold; at most 1000, default 100.")
  public Integer maxSteps;

  @JsonPropertyDescription(
      "How deeply plan steps may nest inside plans, this one counting 1; at most 4, default 2.")
  public Integer maxDepth;
}
