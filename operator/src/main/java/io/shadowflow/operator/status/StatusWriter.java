package io.shadowflow.operator.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * The one writer of a resource's status. It compares the desired status with the current one and
 * writes only a real change, replacing the whole status in one JSON patch of the status
 * subresource: no resourceVersion, so no conflict loop, and no stale field left behind whatever the
 * cached copy held. The answer goes into the SDK's cache so the next reconcile sees it.
 */
public final class StatusWriter {
  private StatusWriter() {}

  /**
   * Writes {@code desired} unless it equals the current status.
   *
   * @return the resource as the API server holds it now
   */
  public static <S, P extends CustomResource<?, S>> P write(
      P resource, S desired, Context<P> context) {
    JsonNode current = Serialization.jsonMapper().valueToTree(resource.getStatus());
    JsonNode wanted = Serialization.jsonMapper().valueToTree(desired);
    if (wanted.equals(current)) {
      return resource;
    }
    ArrayNode patch = JsonNodeFactory.instance.arrayNode();
    // "add" replaces an existing member: the status as a whole, arrays included.
    patch.addObject().put("op", "add").put("path", "/status").set("value", wanted);
    @SuppressWarnings("unchecked")
    Class<P> type = (Class<P>) resource.getClass();
    P updated =
        context
            .getClient()
            .resources(type)
            .inNamespace(resource.getMetadata().getNamespace())
            .withName(resource.getMetadata().getName())
            .subresource("status")
            .patch(PatchContext.of(PatchType.JSON), patch.toString());
    context
        .eventSourceRetriever()
        .getControllerEventSource()
        .handleRecentResourceUpdate(ResourceID.fromResource(resource), updated, resource);
    return updated;
  }
}
