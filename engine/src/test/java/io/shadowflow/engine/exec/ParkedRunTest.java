package io.shadowflow.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.InMemoryCheckpointStore;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.signal.SignalBox;
import io.shadowflow.engine.signal.SignalDelivery;
import io.shadowflow.engine.testing.Cli;
import io.shadowflow.engine.testing.EngineJob;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Parked runs through {@code execute --park-after}, as an engine Job runs them: a run that would
 * wait longer records what it waits for and the process exits 0; the next process resumes it from
 * its checkpoint and ends with the hash of a run that waited in place.
 */
class ParkedRunTest {
  private static final String APPROVAL =
      "- {name: order, kind: transform, expr: '{\"total\": input.qty * 3}'}\n"
          + Manifests.APPROVAL_STEPS;

  private final Database database = TestDatabase.fresh();

  @AfterEach
  void close() {
    database.close();
  }

  /** The run row's park: when, for which signals, until when, and how often it parked. */
  private record Park(Timestamp parkedAt, List<String> signals, Timestamp until, int wakes) {}

  @Test
  void aRunWaitingForASignalParksAndResumesWithTheHashOfOneThatWaitedInPlace() throws Exception {
    CompiledWorkflow workflow = compile(APPROVAL);
    String runId = allocate(workflow);

    Cli.Outcome parked = execute(runId, "0s");
    assertThat(parked.exitCode()).as(parked.err()).isZero();
    assertThat(parked.out()).contains("run " + runId + " parked, waiting for signal 'approve'");
    Park park = park(runId);
    assertThat(park.parkedAt()).isNotNull();
    assertThat(park.signals()).containsExactly("approve");
    assertThat(park.until()).as("no timeout: only the signal wakes it").isNull();
    assertThat(park.wakes()).isEqualTo(1);
    assertThat(committedPaths(runId))
        .as("the transform before the wait is committed with the park, not recomputed later")
        .containsExactly("steps/0");

    Cli.Outcome early = execute(runId, "0s");
    assertThat(early.out()).as("woken before the signal came, it parks again").contains("parked");
    assertThat(park(runId).wakes()).isEqualTo(2);

    JsonNode approval = Json.parse("{\"ok\": true}");
    assertThat(
            new SignalDelivery(database.dataSource())
                .deliver("default", runId, "approve", approval, "test")
                .delivered())
        .isTrue();
    Cli.Outcome resumed = execute(runId, "0s");
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out())
        .contains("workflow hash: " + inPlaceHash(workflow, Map.of("approve", approval)));
    Park after = park(runId);
    assertThat(after.parkedAt()).as("an engine opened the run: it is not parked").isNull();
    assertThat(after.wakes()).isEqualTo(2);
  }

  @Test
  void aLongTimerParksUntilItIsDueAndTheRunThenWaitsOnlyWhatIsLeft() throws Exception {
    CompiledWorkflow workflow =
        compile(
            """
            - {name: a, kind: transform, expr: '1'}
            - {name: pause, kind: sleep, duration: 3s}
            - {name: b, kind: transform, expr: 'steps.a.output + 1'}
            """);
    String runId = allocate(workflow);
    Instant before = Instant.now();

    Cli.Outcome parked = execute(runId, "1s");
    assertThat(parked.exitCode()).as(parked.err()).isZero();
    Park park = park(runId);
    assertThat(park.signals()).isEmpty();
    assertThat(park.until().toInstant())
        .isBetween(before.plusSeconds(3), Instant.now().plusSeconds(3));

    // Started again as the operator would, half the threshold before the timer is due.
    Instant wake = Parking.after(java.time.Duration.ofSeconds(1)).wakeAt(park.until().toInstant());
    Thread.sleep(Math.max(0, wake.toEpochMilli() - System.currentTimeMillis()));
    Cli.Outcome resumed = execute(runId, "1s");
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(Instant.now())
        .as("it waited in place for the rest")
        .isAfterOrEqualTo(park.until().toInstant());
    assertThat(resumed.out()).contains("workflow hash: " + inPlaceHash(workflow, Map.of()));
  }

  @Test
  void aBranchThatParksLetsTheOthersFinishAndTheStepParksOnEveryWait() throws Exception {
    CompiledWorkflow workflow =
        compile(
            """
            - name: fan
              kind: parallel
              branches:
                - name: approve
                  steps:
                    - {name: approval, kind: wait, signal: approve, timeout: 1h, default: {ok: false}}
                - name: review
                  steps:
                    - {name: verdict, kind: wait, signal: review}
                - name: work
                  steps:
                    - {name: compute, kind: transform, expr: '21 * 2'}
                    - {name: rest, kind: transform, expr: 'steps.compute.output + 1'}
            - {name: done, kind: transform, expr: 'steps.fan.output.work'}
            """);
    String runId = allocate(workflow);

    Cli.Outcome parked = execute(runId, "0s");
    assertThat(parked.exitCode()).as(parked.err()).isZero();
    Park park = park(runId);
    assertThat(park.signals()).containsExactly("approve", "review");
    assertThat(park.until().toInstant())
        .as("the approval's timeout")
        .isAfter(Instant.now().plusSeconds(3500));
    assertThat(committedPaths(runId))
        .as("the branch that waited for nothing went on to its end")
        .contains("steps/0/branches/work/steps/0", "steps/0/branches/work/steps/1");

    SignalDelivery delivery = new SignalDelivery(database.dataSource());
    JsonNode yes = Json.parse("{\"ok\": true}");
    JsonNode fine = Json.parse("\"fine\"");
    delivery.deliver("default", runId, "review", fine, "test");
    assertThat(execute(runId, "0s").out())
        .as("one signal of two: the run wakes, and parks on the other")
        .contains("parked, waiting for signal 'approve' or until");
    assertThat(park(runId).signals()).containsExactly("approve");

    delivery.deliver("default", runId, "approve", yes, "test");
    Cli.Outcome resumed = execute(runId, "0s");
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out())
        .contains(
            "workflow hash: " + inPlaceHash(workflow, Map.of("approve", yes, "review", fine)));
  }

  private Cli.Outcome execute(String runId, String parkAfter) {
    return EngineJob.execute(database, runId, parkAfter);
  }

  private static CompiledWorkflow compile(String steps) {
    return Manifests.compileYaml(Manifests.workflowYaml("parked", steps));
  }

  private String allocate(CompiledWorkflow workflow) {
    return EngineJob.allocate(database, workflow);
  }

  /** The hash of the same run waiting in place, its signals given up front. */
  private static String inPlaceHash(CompiledWorkflow workflow, Map<String, JsonNode> signals)
      throws InterruptedException {
    return new WorkflowExecutor(new InMemoryCheckpointStore())
        .run(
            workflow,
            RunOptions.DEFAULT.withSignals(SignalBox.preset(signals)),
            ExecutionListener.NONE)
        .workflowHash();
  }

  private Park park(String runId) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT parked_at, parked_signals, parked_until, wakes FROM runs WHERE run_id = ?")) {
      select.setString(1, runId);
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        java.sql.Array signals = row.getArray(2);
        return new Park(
            row.getTimestamp(1),
            signals == null ? List.of() : Arrays.asList((String[]) signals.getArray()),
            row.getTimestamp(3),
            row.getInt(4));
      }
    }
  }

  private List<String> committedPaths(String runId) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT step_path FROM step_log WHERE run_id = ? ORDER BY seq")) {
      select.setString(1, runId);
      try (ResultSet rows = select.executeQuery()) {
        List<String> paths = new java.util.ArrayList<>();
        while (rows.next()) {
          paths.add(rows.getString(1));
        }
        return paths;
      }
    }
  }
}
