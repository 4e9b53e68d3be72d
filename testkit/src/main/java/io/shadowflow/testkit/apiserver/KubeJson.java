package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;

/** Lenient Jackson helpers for Kubernetes objects, which are open-ended JSON trees. */
public final class KubeJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  // YAML is a superset of JSON, so this reads both (apply patches may come in either).
  private static final ObjectMapper YAML = new YAMLMapper();

  private KubeJson() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Parses a JSON request or stored body. */
  public static JsonNode parse(String text) throws ApiException {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "the request body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** Parses a JSON or YAML body. */
  public static JsonNode parseYaml(String text) throws ApiException {
    try {
      return YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "the request body is not valid YAML: " + e.getOriginalMessage());
    }
  }

  /** Parses JSON that this server wrote itself, so a failure is a bug. */
  public static JsonNode parseStored(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectMapper mapper() {
    return JSON;
  }

  /** The object at {@code path} under {@code parent}, created when absent. */
  public static ObjectNode objectAt(ObjectNode parent, String... path) {
    ObjectNode node = parent;
    for (String field : path) {
      JsonNode child = node.get(field);
      if (!(child instanceof ObjectNode)) {
        child = node.putObject(field);
      }
      node = (ObjectNode) child;
    }
    return node;
  }
}
