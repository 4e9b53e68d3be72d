package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;

/**
 * The autoscaling/v1 {@code Scale} view of a custom resource, read from and written to the paths
 * its CRD declares ({@code specReplicasPath}, {@code statusReplicasPath}, {@code
 * labelSelectorPath}), which is what {@code kubectl scale} talks to.
 */
final class ScaleSubresource {
  private ScaleSubresource() {}

  /** The Scale of a stored object; a replica count that is not there reads as 0. */
  static ObjectNode read(ResourceType type, JsonNode object) {
    ResourceType.ScalePaths paths = type.scale();
    JsonNode metadata = object.path("metadata");
    ObjectNode scale = KubeJson.object();
    scale.put("kind", "Scale").put("apiVersion", "autoscaling/v1");
    ObjectNode scaleMetadata = scale.putObject("metadata");
    for (String field :
        List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      if (metadata.hasNonNull(field)) {
        scaleMetadata.set(field, metadata.get(field));
      }
    }
    scale.putObject("spec").put("replicas", at(object, paths.specReplicasPath()).asInt(0));
    ObjectNode status = scale.putObject("status");
    status.put("replicas", at(object, paths.statusReplicasPath()).asInt(0));
    if (paths.labelSelectorPath() != null) {
      JsonNode selector = at(object, paths.labelSelectorPath());
      if (selector.isTextual()) {
        status.put("selector", selector.asText());
      }
    }
    return scale;
  }

  /**
   * The object with the replica count of {@code scale} written into it.
   *
   * @throws ApiException 422 for a missing or negative count, 409 for a stale resourceVersion
   */
  static ObjectNode write(ResourceType type, JsonNode object, JsonNode scale) throws ApiException {
    // Go clients leave a zero count out (omitempty): missing means 0.
    JsonNode replicas = scale.path("spec").path("replicas");
    if (replicas.isMissingNode()) {
      replicas = JsonNodeFactory.instance.numberNode(0);
    }
    String name = object.path("metadata").path("name").asText();
    if (!replicas.canConvertToInt() || !replicas.isIntegralNumber() || replicas.asInt() < 0) {
      throw ApiException.invalid(
          "autoscaling",
          "Scale",
          name,
          "Scale.autoscaling \""
              + name
              + "\" is invalid: spec.replicas: Invalid value: "
              + replicas
              + ": must be greater than or equal to 0");
    }
    String expectedVersion = scale.path("metadata").path("resourceVersion").asText("");
    String storedVersion = object.path("metadata").path("resourceVersion").asText();
    if (!expectedVersion.isEmpty() && !expectedVersion.equals(storedVersion)) {
      throw ApiException.conflict(type.qualifiedName(), name);
    }
    ObjectNode updated = object.deepCopy();
    List<String> fields = fields(type.scale().specReplicasPath());
    ObjectNode parent =
        KubeJson.objectAt(updated, fields.subList(0, fields.size() - 1).toArray(String[]::new));
    parent.put(fields.get(fields.size() - 1), replicas.asInt());
    return updated;
  }

  // The CRD paths are simple JSON paths: ".spec.replicas".
  private static List<String> fields(String path) {
    return Arrays.stream(path.split("\\.")).filter(f -> !f.isEmpty()).toList();
  }

  private static JsonNode at(JsonNode object, String path) {
    JsonNode node = object;
    for (String field : fields(path)) {
      node = node.path(field);
    }
    return node;
  }
}
