package io.shadowflow.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.exec.RunDefinitions;
import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.runs.RunSummaries;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.TestDatabase;
import io.shadowflow.operator.metrics.OperatorMetrics;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CheckpointEventSourceTest {
  private final Database database = TestDatabase.fresh();
  private final List<ResourceID> events = new CopyOnWriteArrayList<>();
  private final CheckpointEventSource<Workflow> source =
      new CheckpointEventSource<>(
          database.config(),
          new RunSummaries(database.dataSource()),
          new OperatorMetrics(new SimpleMeterRegistry()));

  {
    source.setEventHandler((Event event) -> events.add(event.getRelatedCustomResourceID()));
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void aNotificationReconcilesTheWorkflowOfTheRunItNames() throws Exception {
    var workflow =
        Manifests.compileYaml(
            Manifests.workflowYaml("orders", "- {name: a, kind: random, uuid: true}"));
    String runId =
        new PostgresCheckpointStore(database.dataSource())
            .createRun(RunDefinitions.of(workflow, RunOptions.DEFAULT, Instant.now()))
            .runId();
    String notification = "{\"runId\":\"" + runId + "\"}";

    source.notified(notification);
    source.notified("not json");
    source.notified("{\"runId\":\"run-nobody-knows\"}"); // a run whose row is gone
    source.notified("{\"namespace\":\"apps\",\"name\":\"orders\"}"); // names no run
    assertThat(events).containsExactly(new ResourceID("orders", "default"));

    // A run keeps its Workflow: the second notification needs no database.
    try (Connection connection = database.dataSource().getConnection();
        Statement forget = connection.createStatement()) {
      forget.executeUpdate("DELETE FROM runs");
    }
    source.notified(notification);
    assertThat(events).hasSize(2).containsOnly(new ResourceID("orders", "default"));
  }

  @Test
  void aRunWhoseWorkflowCannotBeReadNowIsLeftToTheResyncAndTheListenerGoesOn() {
    database.close(); // the operator's connections are gone

    source.notified("{\"runId\":\"run-1\"}");

    assertThat(events).isEmpty();
  }

  @Test
  void afterAReconnectionEveryWorkflowWhoseRunChangedMeanwhileIsReconciled() {
    var workflow =
        Manifests.compileYaml(
            Manifests.workflowYaml("orders", "- {name: a, kind: random, uuid: true}"));
    // The operator allocates a Workflow's run before its engine starts.
    new PostgresCheckpointStore(database.dataSource())
        .createRun(RunDefinitions.of(workflow, RunOptions.DEFAULT, Instant.now()));

    source.reconnected(Duration.ofSeconds(5));

    assertThat(events).containsExactly(new ResourceID("orders", "default"));
  }

  @Test
  void aReconnectionAlsoFindsRunsThatOnlyCheckpointedMeanwhile() throws Exception {
    var workflow =
        Manifests.compileYaml(
            Manifests.workflowYaml("orders", "- {name: a, kind: random, uuid: true}"));
    var store = new PostgresCheckpointStore(database.dataSource());
    var definition = RunDefinitions.of(workflow, RunOptions.DEFAULT, Instant.now());
    store.createRun(definition);
    store.openRun(definition);
    try (Connection connection = database.dataSource().getConnection();
        Statement age = connection.createStatement()) {
      age.executeUpdate("UPDATE runs SET updated_at = now() - interval '1 hour'");
    }
    source.reconnected(Duration.ofSeconds(5));
    assertThat(events).isEmpty();

    store.commitStep(
        definition.runId(),
        new StepRecord(
            0, "steps/0", "a", "random", Json.object(), Json.NODES.textNode("u"), "h", 0, 1, null));
    store.close();
    source.reconnected(Duration.ofSeconds(5));

    assertThat(events).containsExactly(new ResourceID("orders", "default"));
  }
}
