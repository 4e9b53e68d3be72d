package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The object an update stores, as a real API server computes it: the endpoint decides what may
 * change (status only on {@code /status}, everything but status on the object of a type with a
 * status subresource), the server's metadata is kept, {@code generation} moves when anything but
 * metadata and status changes, {@code resourceVersion} when anything changes at all.
 */
final class Replacement {
  private static final List<String> SERVER_OWNED =
      List.of(
          "namespace",
          "uid",
          "creationTimestamp",
          "generation",
          "resourceVersion",
          "deletionTimestamp",
          "deletionGracePeriodSeconds");

  private Replacement() {}

  static ObjectNode of(
      ObjectNode current,
      JsonNode incoming,
      boolean statusEndpoint,
      boolean hasStatus,
      LongSupplier nextVersion)
      throws ApiException {
    if (!incoming.isObject()) {
      throw ApiException.badRequest("the request body must be an object");
    }
    ObjectNode updated;
    if (statusEndpoint) {
      updated = current.deepCopy();
      copyField(incoming, updated, "status");
      // An apply to /status records its ownership: that is the one metadata change it makes.
      copyField(incoming.path("metadata"), KubeJson.objectAt(updated, "metadata"), "managedFields");
    } else {
      updated = ((ObjectNode) incoming).deepCopy();
      if (hasStatus) {
        copyField(current, updated, "status");
      }
    }
    ObjectNode metadata = KubeJson.objectAt(updated, "metadata");
    for (String field : SERVER_OWNED) {
      copyField(current.path("metadata"), metadata, field);
    }
    if (!statusEndpoint && specChanged(current, updated)) {
      metadata.put("generation", current.path("metadata").path("generation").asLong(0) + 1);
    }
    if (!updated.equals(current)) {
      metadata.put("resourceVersion", String.valueOf(nextVersion.getAsLong()));
    }
    return updated;
  }

  /** True when the stored object is to go: deleted already, and no finalizer holds it back. */
  static boolean isReleased(JsonNode object) {
    JsonNode metadata = object.path("metadata");
    return metadata.hasNonNull("deletionTimestamp") && metadata.path("finalizers").isEmpty();
  }

  private static boolean specChanged(ObjectNode current, ObjectNode updated) {
    ObjectNode before = current.deepCopy();
    ObjectNode after = updated.deepCopy();
    before.remove(List.of("metadata", "status"));
    after.remove(List.of("metadata", "status"));
    return !before.equals(after);
  }

  private static void copyField(JsonNode from, ObjectNode to, String field) {
    if (from.has(field)) {
      to.set(field, from.get(field).deepCopy());
    } else {
      to.remove(field);
    }
  }
}
