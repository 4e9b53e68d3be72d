package io.shadowflow.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.shadowflow.api.Phase;
import io.shadowflow.operator.metrics.OperatorMetrics;
import java.util.List;
import java.util.function.Function;

/**
 * Publishes a desired status: writes it if it changed, records an Event when the phase moved (so
 * {@code kubectl describe} tells the story), and updates the phase gauges.
 */
public final class StatusPublisher {
  private final EventRecorder events;
  private final OperatorMetrics metrics;

  public StatusPublisher(EventRecorder events, OperatorMetrics metrics) {
    this.events = events;
    this.metrics = metrics;
  }

  /** How to read the phase and the conditions of one kind of status. */
  public record Shape<S>(Function<S, Phase> phase, Function<S, List<Condition>> conditions) {}

  /**
   * @param type the workflow type the resource is about, a metrics tag
   * @return whether the phase moved
   */
  public <S, P extends CustomResource<?, S>> boolean publish(
      P resource, S desired, Shape<S> shape, String type, Context<P> context) {
    Phase before = resource.getStatus() == null ? null : shape.phase().apply(resource.getStatus());
    StatusWriter.write(resource, desired, context);
    Phase after = shape.phase().apply(desired);
    metrics.phase(
        resource.getMetadata().getUid(),
        resource.getKind(),
        resource.getMetadata().getNamespace(),
        type,
        after);
    if (before == after) {
      return false;
    }
    Condition ready = Conditions.find(shape.conditions().apply(desired), "Ready");
    String reason = ready == null ? after.name() : ready.getReason();
    String message = after + (ready == null ? "" : ": " + ready.getMessage());
    if (after == Phase.Failed) {
      events.warning(resource, reason, message);
    } else {
      events.normal(resource, reason, message);
    }
    return true;
  }
}
