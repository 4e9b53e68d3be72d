package io.shadowflow.testkit.pods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Optional;

/**
 * Writes a whole new status through the {@code /status} subresource with a JSON merge patch, and
 * only when it differs from the stored one: a status write is an event every watcher receives.
 */
final class StatusPatch {
  private StatusPatch() {}

  /** The merge patch that turns {@code current} into {@code desired}, if they differ. */
  static Optional<String> between(JsonNode current, JsonNode desired) {
    if (desired.equals(current)) {
      return Optional.empty();
    }
    ObjectNode status = desired.deepCopy();
    if (current != null && current.isObject()) {
      // Merge patches keep what they do not mention: name the fields that must go.
      current
          .fieldNames()
          .forEachRemaining(
              f -> {
                if (!desired.has(f)) {
                  status.putNull(f);
                }
              });
    }
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.set("status", status);
    return Optional.of(patch.toString());
  }

  /** Writes {@code desired} as the status of {@code resource} when it changed; true if written. */
  static <T extends HasMetadata> boolean write(
      KubernetesClient client, T resource, Object currentStatus, Object desiredStatus) {
    var serialization = client.getKubernetesSerialization();
    JsonNode current =
        currentStatus == null ? null : serialization.convertValue(currentStatus, JsonNode.class);
    JsonNode desired = serialization.convertValue(desiredStatus, JsonNode.class);
    Optional<String> patch = between(current, desired);
    patch.ifPresent(
        p ->
            client
                .resource(resource)
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), p));
    return patch.isPresent();
  }
}
