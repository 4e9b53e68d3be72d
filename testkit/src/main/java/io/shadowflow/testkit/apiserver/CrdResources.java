package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads the resource types a CustomResourceDefinition declares, one per served version. */
final class CrdResources {
  private CrdResources() {}

  static List<ResourceType> of(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    String group = spec.path("group").asText();
    String plural = names.path("plural").asText();
    String kind = names.path("kind").asText();
    String singular = names.path("singular").asText(kind.toLowerCase(java.util.Locale.ROOT));
    boolean namespaced = !"Cluster".equals(spec.path("scope").asText());
    List<ResourceType> types = new ArrayList<>();
    for (JsonNode version : spec.path("versions")) {
      if (!version.path("served").asBoolean(true)) {
        continue;
      }
      JsonNode subresources = version.path("subresources");
      types.add(
          new ResourceType(
              group,
              version.path("name").asText(),
              plural,
              singular,
              kind,
              namespaced,
              strings(names.path("shortNames")),
              strings(names.path("categories")),
              subresources.has("status"),
              scale(subresources.path("scale")),
              List.of(),
              columns(version.path("additionalPrinterColumns")),
              version.path("schema").path("openAPIV3Schema").deepCopy()));
    }
    return types;
  }

  private static ResourceType.ScalePaths scale(JsonNode scale) {
    if (scale.isMissingNode() || scale.isNull()) {
      return null;
    }
    String labelSelectorPath = scale.path("labelSelectorPath").asText(null);
    return new ResourceType.ScalePaths(
        scale.path("specReplicasPath").asText(),
        scale.path("statusReplicasPath").asText(),
        labelSelectorPath);
  }

  private static List<ResourceType.PrinterColumn> columns(JsonNode columns) {
    List<ResourceType.PrinterColumn> list = new ArrayList<>();
    for (JsonNode column : columns) {
      list.add(
          new ResourceType.PrinterColumn(
              column.path("name").asText(),
              column.path("type").asText("string"),
              column.path("format").asText(""),
              column.path("description").asText(""),
              column.path("priority").asInt(0),
              column.path("jsonPath").asText()));
    }
    return List.copyOf(list);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return List.copyOf(values);
  }
}
