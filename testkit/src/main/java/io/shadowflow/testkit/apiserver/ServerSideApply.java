package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Server-side apply ({@code application/apply-patch+yaml}), close enough to the real one for the
 * Java Operator SDK and {@code kubectl apply --server-side}.
 *
 * <p>The configuration's fields are merged into the object (maps field by field, lists replaced,
 * finalizers as a set), the applier's {@code managedFields} entry records what it set, and fields
 * it set last time but leaves out now are removed unless another manager owns them too. Not done:
 * conflict detection between managers (every apply behaves as if forced) and ownership records for
 * non-apply updates.
 */
final class ServerSideApply {
  private static final String APPLY = "Apply";

  private ServerSideApply() {}

  /**
   * The object after the apply: a new object when {@code current} is null.
   *
   * @param status whether the apply was sent to the {@code /status} subresource (only status counts
   *     then)
   */
  static ObjectNode apply(
      ResourceType type, ObjectNode current, JsonNode config, String manager, boolean status)
      throws ApiException {
    if (manager == null || manager.isEmpty()) {
      throw ApiException.invalid(
          "meta.k8s.io",
          "PatchOptions",
          null,
          "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for"
              + " apply patch");
    }
    if (!config.isObject()) {
      throw ApiException.badRequest("an apply configuration must be an object");
    }
    ObjectNode applied = scope(type, (ObjectNode) config, status);
    ObjectNode owned = FieldSets.of(applied);
    ObjectNode result;
    if (current == null) {
      result = ((ObjectNode) config).deepCopy();
      KubeJson.objectAt(result, "metadata").remove("managedFields");
    } else {
      result = current.deepCopy();
      removeDisowned(result, current, manager, status, owned);
      mergeObject(result, applied);
    }
    recordOwnership(result, type, manager, status, owned);
    return result;
  }

  // Only what the endpoint may change counts: status on /status, the rest on the object itself.
  private static ObjectNode scope(ResourceType type, ObjectNode config, boolean status) {
    ObjectNode applied = config.deepCopy();
    if (status) {
      applied.retain("apiVersion", "kind", "status");
    } else if (type.hasStatus()) {
      applied.remove("status");
    }
    return applied;
  }

  private static void removeDisowned(
      ObjectNode result, ObjectNode current, String manager, boolean status, ObjectNode owned) {
    JsonNode previous = null;
    Set<List<String>> ownedByOthers = new HashSet<>();
    for (JsonNode entry : current.path("metadata").path("managedFields")) {
      if (isEntryOf(entry, manager, status)) {
        previous = entry.path("fieldsV1");
      } else {
        ownedByOthers.addAll(FieldSets.leaves(entry.path("fieldsV1")));
      }
    }
    if (previous == null) {
      return;
    }
    Set<List<String>> stillOwned = FieldSets.leaves(owned);
    for (List<String> leaf : FieldSets.leaves(previous)) {
      boolean kept =
          stillOwned.stream().anyMatch(o -> FieldSets.overlap(o, leaf))
              || ownedByOthers.stream().anyMatch(o -> FieldSets.overlap(o, leaf));
      if (!kept) {
        FieldSets.remove(result, leaf);
      }
    }
  }

  // The top level: metadata has its own rules, every other field merges as plain JSON.
  private static void mergeObject(ObjectNode target, ObjectNode config) {
    config
        .properties()
        .forEach(
            field -> {
              if (field.getKey().equals("metadata") && field.getValue().isObject()) {
                mergeMetadata(KubeJson.objectAt(target, "metadata"), field.getValue());
              } else {
                mergeField(target, field.getKey(), field.getValue());
              }
            });
  }

  private static void mergeMetadata(ObjectNode target, JsonNode config) {
    config
        .properties()
        .forEach(
            field -> {
              String name = field.getKey();
              JsonNode value = field.getValue();
              // resourceVersion stays: when given it is a precondition, checked against storage.
              if (FieldSets.isServerMetadata(name) && !name.equals("resourceVersion")) {
                return;
              }
              if (name.equals("finalizers")
                  && value.isArray()
                  && target.get(name) instanceof ArrayNode finalizers) {
                value.forEach(
                    finalizer -> {
                      if (!contains(finalizers, finalizer)) {
                        finalizers.add(finalizer);
                      }
                    });
              } else {
                mergeField(target, name, value);
              }
            });
  }

  private static void mergeField(ObjectNode target, String name, JsonNode value) {
    JsonNode existing = target.get(name);
    if (value.isNull()) {
      target.remove(name);
    } else if (value.isObject() && existing instanceof ObjectNode object) {
      value.properties().forEach(f -> mergeField(object, f.getKey(), f.getValue()));
    } else {
      target.set(name, value.deepCopy());
    }
  }

  private static boolean contains(ArrayNode array, JsonNode value) {
    for (JsonNode element : array) {
      if (element.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isEntryOf(JsonNode entry, String manager, boolean status) {
    return manager.equals(entry.path("manager").asText())
        && APPLY.equals(entry.path("operation").asText())
        && status == "status".equals(entry.path("subresource").asText());
  }

  private static void recordOwnership(
      ObjectNode result, ResourceType type, String manager, boolean status, ObjectNode owned) {
    ObjectNode metadata = KubeJson.objectAt(result, "metadata");
    ArrayNode entries =
        metadata.get("managedFields") instanceof ArrayNode existing
            ? existing
            : metadata.putArray("managedFields");
    for (JsonNode entry : entries) {
      if (isEntryOf(entry, manager, status)) {
        // The time moves only with the field set, so a repeated apply changes nothing at all.
        if (!entry.path("fieldsV1").equals(owned)) {
          ((ObjectNode) entry).set("fieldsV1", owned);
          ((ObjectNode) entry).put("time", now());
        }
        return;
      }
    }
    ObjectNode entry = entries.addObject();
    entry.put("manager", manager).put("operation", APPLY).put("apiVersion", type.apiVersion());
    entry.put("time", now()).put("fieldsType", "FieldsV1").set("fieldsV1", owned);
    if (status) {
      entry.put("subresource", "status");
    }
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
