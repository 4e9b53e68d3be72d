package io.shadowflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The API server's CEL cost estimator takes a string without {@code maxLength} as 3 MiB and a list
 * without {@code maxItems} as as long as a request allows: every one in the generated specs is
 * bounded, and step names are unique by a list-map key rather than a quadratic CEL rule.
 */
class CrdBoundsTest {
  private static JsonNode spec(String file) throws IOException {
    JsonNode crd = new YAMLMapper().readTree(Path.of("generated", file).toFile());
    return crd.path("spec")
        .path("versions")
        .get(0)
        .path("schema")
        .path("openAPIV3Schema")
        .path("properties")
        .path("spec");
  }

  @ParameterizedTest
  @ValueSource(strings = {"workflows.shadowflow.io-v1.yml", "shadowruns.shadowflow.io-v1.yml"})
  void everyStringAndListOfTheSpecIsBounded(String file) throws IOException {
    List<String> unbounded = new ArrayList<>();
    collectUnbounded(spec(file), "spec", unbounded);
    assertThat(unbounded).as("fields without maxLength or maxItems").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"workflows.shadowflow.io-v1.yml", "shadowruns.shadowflow.io-v1.yml"})
  void noRuleComparesEveryPairOfItems(String file) throws IOException {
    assertThat(spec(file).toString()).doesNotContain("exists_one", ".all(");
  }

  @Test
  void stepNamesAreUniqueByListMapKey() throws IOException {
    JsonNode steps = spec("workflows.shadowflow.io-v1.yml").path("properties").path("steps");
    assertThat(steps.path("x-kubernetes-list-type").asText()).isEqualTo("map");
    assertThat(steps.path("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"name\"]");
    assertThat(steps.path("maxItems").asInt()).isEqualTo(ManifestLimits.STEPS);
    assertThat(steps.path("items").path("required").toString()).contains("\"name\"");
  }

  private static void collectUnbounded(JsonNode schema, String path, List<String> unbounded) {
    switch (schema.path("type").asText()) {
      case "string" -> {
        if (!schema.has("maxLength") && !schema.has("enum")) {
          unbounded.add(path);
        }
      }
      case "array" -> {
        if (!schema.has("maxItems")) {
          unbounded.add(path);
        }
        collectUnbounded(schema.path("items"), path + "[]", unbounded);
      }
      default -> {
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
            it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          collectUnbounded(field.getValue(), path + "." + field.getKey(), unbounded);
        }
        if (schema.has("additionalProperties")) {
          collectUnbounded(schema.path("additionalProperties"), path + ".*", unbounded);
        }
      }
    }
  }
}
