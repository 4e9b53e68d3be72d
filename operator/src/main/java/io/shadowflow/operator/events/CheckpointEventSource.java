package io.shadowflow.operator.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.runs.RunSummaries;
import io.shadowflow.engine.runs.WorkflowName;
import io.shadowflow.operator.metrics.OperatorMetrics;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each PostgreSQL checkpoint notification into a reconcile of the Workflow it names. After a
 * reconnection it reconciles every Workflow whose run changed while it was deaf; the reconciler's
 * periodic resync covers whatever still slips through.
 */
public final class CheckpointEventSource<P extends HasMetadata> extends AbstractEventSource<Void, P>
    implements NotificationListener.Handler {
  private static final Logger log = LoggerFactory.getLogger(CheckpointEventSource.class);

  /** Notifications sent just before the connection died may be lost too. */
  private static final Duration CATCH_UP_MARGIN = Duration.ofSeconds(30);

  private final NotificationListener listener;
  private final RunSummaries runs;
  private final OperatorMetrics metrics;

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
    String namespace = json.path("namespace").asText(null);
    String name = json.path("name").asText(null);
    if (namespace != null && name != null) {
      getEventHandler().handleEvent(new Event(new ResourceID(name, namespace)));
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
