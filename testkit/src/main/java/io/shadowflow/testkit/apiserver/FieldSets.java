package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code FieldsV1} sets of {@code metadata.managedFields}: which fields an applier owns.
 *
 * <p>Maps are tracked field by field ({@code f:name}); lists are atomic (one leaf), except {@code
 * metadata.finalizers}, a set whose values are owned one by one ({@code v:"value"}) because several
 * controllers add their own finalizer to the same object.
 */
final class FieldSets {
  private static final String FIELD = "f:";
  private static final String VALUE = "v:";
  // Identity and server-managed fields: never owned, never merged from an apply configuration.
  private static final Set<String> SERVER_METADATA =
      Set.of(
          "name",
          "namespace",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "managedFields",
          "selfLink");

  private FieldSets() {}

  static boolean isServerMetadata(String field) {
    return SERVER_METADATA.contains(field);
  }

  /** The fields an apply configuration sets. */
  static ObjectNode of(JsonNode config) {
    ObjectNode set = KubeJson.object();
    config
        .properties()
        .forEach(
            field -> {
              String name = field.getKey();
              if (name.equals("apiVersion") || name.equals("kind")) {
                return;
              }
              if (name.equals("metadata")) {
                ObjectNode metadata = metadata(field.getValue());
                if (!metadata.isEmpty()) {
                  set.set(FIELD + name, metadata);
                }
              } else {
                set.set(FIELD + name, fields(field.getValue()));
              }
            });
    return set;
  }

  private static ObjectNode metadata(JsonNode metadata) {
    ObjectNode set = KubeJson.object();
    metadata
        .properties()
        .forEach(
            field -> {
              if (isServerMetadata(field.getKey()) || field.getValue().isNull()) {
                return;
              }
              if (field.getKey().equals("finalizers") && field.getValue().isArray()) {
                ObjectNode values = KubeJson.object();
                field.getValue().forEach(v -> values.putObject(VALUE + KubeJson.write(v)));
                set.set(FIELD + "finalizers", values);
              } else {
                set.set(FIELD + field.getKey(), fields(field.getValue()));
              }
            });
    return set;
  }

  // An object's fields are owned one by one; anything else (a list, a scalar) is one leaf.
  private static ObjectNode fields(JsonNode value) {
    ObjectNode set = KubeJson.object();
    if (value.isObject()) {
      value.properties().forEach(f -> set.set(FIELD + f.getKey(), fields(f.getValue())));
    }
    return set;
  }

  /** Every owned leaf, as the path of {@code f:}/{@code v:} keys that leads to it. */
  static Set<List<String>> leaves(JsonNode fieldSet) {
    Set<List<String>> leaves = new LinkedHashSet<>();
    collect(fieldSet, new ArrayList<>(), leaves);
    return leaves;
  }

  private static void collect(JsonNode set, List<String> prefix, Set<List<String>> leaves) {
    for (Map.Entry<String, JsonNode> entry : set.properties()) {
      if (entry.getKey().equals(".")) {
        continue;
      }
      List<String> path = new ArrayList<>(prefix);
      path.add(entry.getKey());
      if (entry.getValue().isEmpty()) {
        leaves.add(List.copyOf(path));
      } else {
        collect(entry.getValue(), path, leaves);
      }
    }
  }

  /** True when one path leads into the other: then they share a field. */
  static boolean overlap(List<String> a, List<String> b) {
    int common = Math.min(a.size(), b.size());
    return a.subList(0, common).equals(b.subList(0, common));
  }

  /** Removes an owned leaf from an object; a leaf that is no longer there is ignored. */
  static void remove(ObjectNode object, List<String> leaf) {
    JsonNode node = object;
    for (int i = 0; i < leaf.size() - 1; i++) {
      String token = leaf.get(i);
      if (!token.startsWith(FIELD) || !node.isObject()) {
        return;
      }
      boolean parentOfValue = leaf.get(i + 1).startsWith(VALUE);
      JsonNode child = node.path(token.substring(FIELD.length()));
      if (parentOfValue && child.isArray()) {
        JsonNode value = KubeJson.parseStored(leaf.get(i + 1).substring(VALUE.length()));
        ArrayNode array = (ArrayNode) child;
        for (int j = array.size() - 1; j >= 0; j--) {
          if (array.get(j).equals(value)) {
            array.remove(j);
          }
        }
        return;
      }
      node = child;
    }
    String last = leaf.get(leaf.size() - 1);
    if (last.startsWith(FIELD) && node.isObject()) {
      ((ObjectNode) node).remove(last.substring(FIELD.length()));
    }
  }
}
