package io.shadowflow.operator.signal;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.shadowflow.api.Signal;
import io.shadowflow.api.SignalStatus;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.signal.SignalDelivery;
import io.shadowflow.operator.status.EventRecorder;
import io.shadowflow.operator.status.StatusWriter;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each Signal once to the current run of the Workflow it names, and records in its status
 * what came of it: Delivered, or Rejected with the reason (no such Workflow, run or signal, a
 * payload the wait step does not accept, a signal delivered before, a run that has ended). The
 * payload is stored in PostgreSQL, with the Signal's uid, before the status says Delivered: after a
 * crash in between, the store finds the Signal's own delivery and the status says Delivered. A
 * Signal is delivered once, and says so, whatever dies in between.
 */
@ControllerConfiguration(name = SignalReconciler.NAME)
public final class SignalReconciler implements Reconciler<Signal> {
  public static final String NAME = "signal";
  private static final Logger log = LoggerFactory.getLogger(SignalReconciler.class);

  /** How long a Signal for a Workflow without a run yet waits before it is looked at again. */
  private static final Duration NO_RUN_YET = Duration.ofSeconds(2);

  private final SignalDelivery delivery;
  private final EventRecorder events;
  private final Clock clock;

  public SignalReconciler(SignalDelivery delivery, EventRecorder events, Clock clock) {
    this.delivery = delivery;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public UpdateControl<Signal> reconcile(Signal signal, Context<Signal> context) {
    if (signal.getStatus() != null && signal.getStatus().phase != null) {
      return UpdateControl.noUpdate(); // decided once, for good
    }
    String namespace = signal.getMetadata().getNamespace();
    String workflowName = signal.getSpec().workflowRef.name;
    Workflow workflow =
        context
            .getClient()
            .resources(Workflow.class)
            .inNamespace(namespace)
            .withName(workflowName)
            .get();
    if (workflow == null) {
      return decide(
          signal,
          null,
          false,
          "no Workflow " + workflowName + " in namespace " + namespace,
          null,
          context);
    }
    String runId = workflow.getStatus() == null ? null : workflow.getStatus().runId;
    if (runId == null) {
      return UpdateControl.<Signal>noUpdate().rescheduleAfter(NO_RUN_YET);
    }
    SignalDelivery.Outcome outcome =
        delivery.deliver(
            namespace,
            runId,
            signal.getSpec().signal,
            signal.getSpec().payload == null ? Json.NODES.nullNode() : signal.getSpec().payload,
            deliveredBy(signal));
    return decide(signal, runId, outcome.delivered(), outcome.reason(), workflow, context);
  }

  /** What names a Signal's delivery in the store: its uid, the same after an operator restart. */
  public static String deliveredBy(Signal signal) {
    return "Signal " + signal.getMetadata().getUid();
  }

  private UpdateControl<Signal> decide(
      Signal signal,
      String runId,
      boolean delivered,
      String reason,
      Workflow workflow,
      Context<Signal> context) {
    SignalStatus status = new SignalStatus();
    status.phase = delivered ? SignalStatus.DELIVERED : SignalStatus.REJECTED;
    status.runId = runId;
    status.reason = reason;
    status.decidedAt = clock.instant().toString();
    status.observedGeneration = signal.getMetadata().getGeneration();
    StatusWriter.write(signal, status, context);
    String message =
        "Signal "
            + signal.getMetadata().getName()
            + " ("
            + signal.getSpec().signal
            + "): "
            + reason;
    if (workflow != null && delivered) {
      events.normal(workflow, "SignalDelivered", message);
    } else if (workflow != null) {
      events.warning(workflow, "SignalRejected", message);
    }
    events.normal(signal, status.phase, reason);
    log.info("{}", message);
    return UpdateControl.noUpdate();
  }
}
