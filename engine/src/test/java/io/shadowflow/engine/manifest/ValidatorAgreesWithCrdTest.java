package io.shadowflow.engine.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.InvalidManifestException;
import io.shadowflow.engine.testing.Manifests;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Derives every bound from the committed Workflow CRD (the file the chart installs) and proves the
 * validator refuses a value just beyond it, naming the field: what {@code kubectl apply} refuses,
 * {@code validate} refuses.
 */
class ValidatorAgreesWithCrdTest {
  /** One bound: where it is in the spec (list items as {@code []}, map values as {@code *}). */
  record Bound(List<String> path, String keyword, int limit) {
    @Override
    public String toString() {
      return String.join(".", path) + " " + keyword + " " + limit;
    }
  }

  static Stream<Bound> bounds() throws Exception {
    JsonNode crd =
        Json.YAML.readTree(
            Manifests.repositoryRoot()
                .resolve("crds/generated/workflows.shadowflow.io-v1.yml")
                .toFile());
    JsonNode spec = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
    List<Bound> bounds = new ArrayList<>();
    collect(spec, new ArrayList<>(), bounds);
    return bounds.stream();
  }

  private static void collect(JsonNode schema, List<String> path, List<Bound> bounds) {
    for (String keyword : List.of("maxLength", "maxItems", "maxProperties")) {
      if (schema.has(keyword)) {
        bounds.add(new Bound(List.copyOf(path), keyword, schema.get(keyword).asInt()));
      }
    }
    if (schema.has("items")) {
      collect(schema.get("items"), append(path, "[]"), bounds);
    }
    if (schema.has("additionalProperties")) {
      collect(schema.get("additionalProperties"), append(path, "*"), bounds);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      collect(field.getValue(), append(path, field.getKey()), bounds);
    }
  }

  private static List<String> append(List<String> path, String part) {
    List<String> longer = new ArrayList<>(path);
    longer.add(part);
    return longer;
  }

  @Test
  void theCrdHasBoundsToCheck() throws Exception {
    assertThat(bounds().count()).isGreaterThan(30);
  }

  @ParameterizedTest
  @MethodSource("bounds")
  void aValueJustBeyondTheCrdsBoundIsRefusedWithItsPath(Bound bound) {
    ObjectNode manifest = Json.object().put("apiVersion", "shadowflow.io/v1alpha1");
    manifest.put("kind", "Workflow").putObject("metadata").put("name", "bounds");
    ObjectNode spec = manifest.putObject("spec").put("type", "bounds");
    spec.putArray("steps").addObject().put("name", "a").put("kind", "transform").put("expr", "1");
    String expectedPath = place(spec, bound, 0, "spec");
    InvalidManifestException e =
        catchThrowableOfType(
            InvalidManifestException.class, () -> new WorkflowCompiler().compile(manifest));
    assertThat(e).as(bound + " was accepted").isNotNull();
    assertThat(e.problems())
        .as(bound.toString())
        .anySatisfy(
            p -> {
              assertThat(p.path()).isEqualTo(expectedPath);
              assertThat(p.message()).contains("at most " + bound.limit());
            });
  }

  /** Puts a value beyond {@code bound} into {@code node} along its path; returns its field path. */
  private static String place(JsonNode node, Bound bound, int depth, String fieldPath) {
    if (depth == bound.path().size()) {
      throw new IllegalStateException("placed above the bound");
    }
    String part = bound.path().get(depth);
    boolean last = depth == bound.path().size() - 1;
    if (node instanceof ArrayNode list) {
      // "[]": the first item of the list, an object unless the bound is on a string item.
      JsonNode item = list.isEmpty() ? null : list.get(0);
      if (last) {
        list.removeAll();
        list.add(tooLong(bound));
        return fieldPath + "[0]";
      }
      if (item == null) {
        item = list.addObject();
      }
      return place(item, bound, depth + 1, fieldPath + "[0]");
    }
    ObjectNode object = (ObjectNode) node;
    String key = part.equals("*") ? "key" : part;
    String childPath = fieldPath + "." + key;
    if (last) {
      object.set(key, beyond(bound));
      return childPath;
    }
    String next = bound.path().get(depth + 1);
    JsonNode child = object.get(key);
    if (child == null || !child.isContainerNode()) {
      child = next.equals("[]") ? object.putArray(key) : object.putObject(key);
    }
    return place(child, bound, depth + 1, childPath);
  }

  private static JsonNode beyond(Bound bound) {
    return switch (bound.keyword()) {
      case "maxLength" -> tooLong(bound);
      case "maxItems" -> {
        ArrayNode list = Json.NODES.arrayNode();
        for (int i = 0; i <= bound.limit(); i++) {
          list.addObject().put("name", "s" + i).put("kind", "transform").put("expr", "1");
        }
        yield list;
      }
      default -> {
        ObjectNode map = Json.object();
        for (int i = 0; i <= bound.limit(); i++) {
          map.put("X-H" + i, "v");
        }
        yield map;
      }
    };
  }

  private static JsonNode tooLong(Bound bound) {
    return Json.NODES.textNode("1s".repeat(bound.limit()));
  }
}
