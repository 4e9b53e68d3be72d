package io.shadowflow.operator.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.runs.RunSummaries;
import io.shadowflow.engine.runs.WorkflowName;
import io.shadowflow.operator.metrics.OperatorMetrics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each PostgreSQL checkpoint notification into a reconcile of the Workflow of the run it
 * names. A notification names only the run (see {@link
 * io.shadowflow.engine.checkpoint.CheckpointChannel}): its Workflow is read from the database once
 * and remembered, as a run never changes Workflow. After a reconnection it reconciles every
 * Workflow whose run changed while it was deaf; the reconciler's periodic resync covers whatever
 * still slips through.
 */
public final class CheckpointEventSource<P extends HasMetadata> extends AbstractEventSource<Void, P>
    implements NotificationListener.Handler {
  private static final Logger log = LoggerFactory.getLogger(CheckpointEventSource.class);

  /** Notifications sent just before the connection died may be lost too. */
  private static final Duration CATCH_UP_MARGIN = Duration.ofSeconds(30);

  /** How many runs' Workflows are remembered: those of the runs that notify most recently. */
  private static final int REMEMBERED_RUNS = 10_000;

  private final NotificationListener listener;
  private final RunSummaries runs;
  private final OperatorMetrics metrics;
  private final Map<String, WorkflowName> workflowOfRun =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, WorkflowName> eldest) {
          return size() > REMEMBERED_RUNS;
        }
      };

  public CheckpointEventSource(
      DatabaseConfig database, RunSummaries runs, OperatorMetrics metrics) {
    super(Void.class, "checkpoint-notifications");
    this.runs = runs;
    this.metrics = metrics;
    this.listener = new NotificationListener(database, this, metrics::listenerConnected);
  }

  @Override
  public void start() {
    super.start();
    listener.start();
  }

  @Override
  public void stop() {
    listener.close();
    super.stop();
  }

  @Override
  public void notified(String payload) {
    metrics.notificationReceived();
    JsonNode json;
    try {
      json = Json.parse(payload);
    } catch (RuntimeException e) {
      log.warn("ignoring a malformed checkpoint notification: {}", payload);
      return;
    }
    String runId = json.path("runId").asText(null);
    if (runId == null) {
      log.warn("ignoring a checkpoint notification without a run: {}", payload);
      return;
    }
    workflowOf(runId)
        .ifPresent(
            workflow ->
                getEventHandler()
                    .handleEvent(new Event(new ResourceID(workflow.name(), workflow.namespace()))));
  }

  /**
   * The run's Workflow; empty when the run's row is gone (its Workflow was deleted), or cannot be
   * read now: the periodic resync reconciles that Workflow instead.
   */
  private synchronized Optional<WorkflowName> workflowOf(String runId) {
    WorkflowName known = workflowOfRun.get(runId);
    if (known != null) {
      return Optional.of(known);
    }
    try {
      Optional<WorkflowName> found = runs.workflowOf(runId);
      found.ifPresent(workflow -> workflowOfRun.put(runId, workflow));
      return found;
    } catch (WorkflowFailure e) {
      log.warn("cannot read the Workflow of run {} to reconcile it: {}", runId, e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public void reconnected(Duration gap) {
    metrics.listenerReconnected();
    for (WorkflowName changed : runs.changedWithin(gap.plus(CATCH_UP_MARGIN))) {
      getEventHandler().handleEvent(new Event(new ResourceID(changed.name(), changed.namespace())));
    }
  }

  @Override
  public Status getStatus() {
    return listener.connected() ? Status.HEALTHY : Status.UNHEALTHY;
  }

  @Override
  public Set<Void> getSecondaryResources(P primary) {
    return Set.of();
  }
}
