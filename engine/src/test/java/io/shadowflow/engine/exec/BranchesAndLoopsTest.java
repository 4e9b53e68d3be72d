package io.shadowflow.engine.exec;

import static io.shadowflow.engine.testing.Manifests.compileYaml;
import static io.shadowflow.engine.testing.Manifests.workflowYaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.api.ManifestLimits;
import io.shadowflow.engine.checkpoint.InMemoryCheckpointStore;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.testing.FailureRows;
import io.shadowflow.engine.testing.LocalHttpServer;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.PostgresStore;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * parallel and forEach steps run their children at once, each in a scope of its own, and commit an
 * output that does not depend on which child finished first; finally steps run after the steps
 * however they ended.
 */
class BranchesAndLoopsTest {
  @RegisterExtension final PostgresStore postgres = new PostgresStore();
  @RegisterExtension final LocalHttpServer server = LocalHttpServer.start();
  @RegisterExtension final LocalHttpServer cleanupServer = LocalHttpServer.start();

  /** Iterations sleep longest first, so they finish in the reverse of item order. */
  private CompiledWorkflow shop() {
    return compileYaml(
        workflowYaml(
                "shop",
                """
                - name: quotes
                  kind: parallel
                  branches:
                    - name: north
                      steps:
                        - {name: ask, kind: http, method: POST, url: '%s', body: '{"region": "n"}'}
                        - {name: price, kind: transform, expr: 'steps.ask.output.body.echo.region + "-9"'}
                    - name: south
                      steps:
                        - {name: ask, kind: http, method: POST, url: '%s', body: '{"region": "s"}'}
                - name: lines
                  kind: forEach
                  items: 'input.orders'
                  as: order
                  maxParallel: 4
                  steps:
                    - {name: wait, kind: sleep, duration: '%s', when: 'index < 3'}
                    - {name: total, kind: transform, expr: 'order.qty * 3 + index'}
                - name: receipt
                  kind: transform
                  expr: '{"north": steps.quotes.output.north, "lines": steps.lines.output}'
                """
                    .formatted(server.url("/north"), server.url("/south"), "150ms"))
            .replace(
                "input: {item: sku-7, qty: 3}",
                "input: {orders: [{qty: 1}, {qty: 2}, {qty: 3}, {qty: 4}]}"));
  }

  private static Map<String, StepRecord> byPath(List<StepRecord> steps) {
    return steps.stream().collect(Collectors.toMap(StepRecord::path, s -> s));
  }

  @Test
  void branchesAndIterationsCommitAtTheirPathsAndTheOutputsKeepTheirOrder() throws Exception {
    RunResult result = new WorkflowExecutor(postgres.store()).run(shop(), ExecutionListener.NONE);

    assertThat(result.success()).as(result.errorMessage()).isTrue();
    Map<String, StepRecord> steps = byPath(postgres.store().readRun(result.runId()).steps());
    assertThat(steps.get("steps/0/branches/north/steps/1").output().asText()).isEqualTo("n-9");
    assertThat(steps.get("steps/0").output())
        .isEqualTo(
            Json.parse(
                "{\"north\": \"n-9\","
                    + " \"south\": {\"status\": 200, \"body\": {\"echo\": {\"region\": \"s\"}}}}"));
    assertThat(steps.get("steps/1/items/3/steps/0").input().path("skipped").asBoolean()).isTrue();
    assertThat(steps.get("steps/1").output()).isEqualTo(Json.parse("[3, 7, 11, 15]"));
    assertThat(steps.get("steps/2").output())
        .isEqualTo(Json.parse("{\"north\": \"n-9\", \"lines\": [3, 7, 11, 15]}"));
    assertThat(result.stepHashes().keySet())
        .startsWith("steps/0/branches/north/steps/0", "steps/0/branches/north/steps/1")
        .endsWith("steps/1/items/3/steps/1", "steps/1", "steps/2")
        .hasSize(3 + 3 + 4 * 2);
  }

  @Test
  void theHashIsTheSameInMemoryDurablyAndOnResume() throws Exception {
    String durable =
        new WorkflowExecutor(postgres.store()).run(shop(), ExecutionListener.NONE).workflowHash();
    String inMemory =
        new WorkflowExecutor(new InMemoryCheckpointStore())
            .run(shop(), ExecutionListener.NONE)
            .workflowHash();
    RunResult again = new WorkflowExecutor(postgres.store()).run(shop(), ExecutionListener.NONE);

    assertThat(inMemory).isEqualTo(durable);
    assertThat(again.workflowHash()).isEqualTo(durable);
    assertThat(server.requestsTo("/north")).hasSize(2); // once per store, never on resume
  }

  @Test
  void branchesThatOnlyComputeHashTheSameOnTheRunsThreadAsOnTheirOwn() throws Exception {
    CompiledWorkflow computing = Manifests.compileExample("branching-reference-workflow.yaml");
    CompiledWorkflow failing =
        compileYaml(
            workflowYaml(
                "failing",
                """
                - name: both
                  kind: parallel
                  failFast: false
                  branches:
                    - {name: a, steps: [{name: x, kind: transform, expr: '1'}]}
                    - {name: b, steps: [{name: y, kind: fail, code: HTTP_404}]}
                    - {name: c, steps: [{name: z, kind: fail, code: HTTP_410}]}
                """));

    for (CompiledWorkflow workflow : List.of(computing, failing)) {
      RunResult inMemory =
          new WorkflowExecutor(new InMemoryCheckpointStore()).run(workflow, ExecutionListener.NONE);
      RunResult durable =
          new WorkflowExecutor(postgres.store()).run(workflow, ExecutionListener.NONE);
      assertThat(inMemory.workflowHash()).as(workflow.name()).isEqualTo(durable.workflowHash());
      assertThat(inMemory.failedStep()).isEqualTo(durable.failedStep());
    }
  }

  @Test
  void theFirstFailureCancelsTheOtherBranches() throws Exception {
    CompiledWorkflow workflow =
        compileYaml(
            workflowYaml(
                "fast",
                """
                - name: both
                  kind: parallel
                  branches:
                    - name: slow
                      steps: [{name: nap, kind: sleep, duration: 10m}]
                    - name: broken
                      steps: [{name: fails, kind: fail, code: HTTP_404}]
                """));
    RunResult result = new WorkflowExecutor(postgres.store()).run(workflow, ExecutionListener.NONE);

    assertThat(result.success()).isFalse();
    assertThat(result.errorCode()).isEqualTo("HTTP_404");
    assertThat(result.failedStep()).isEqualTo("steps/0/branches/broken/steps/0");
    assertThat(FailureRows.of(postgres.database(), result.runId()))
        .anyMatch(row -> row.startsWith("steps/0/branches/slow/steps/0#1 BRANCH_CANCELLED"));
  }

  @Test
  void withoutFailFastEveryBranchFinishesAndTheFirstInOrderFailsTheStep() throws Exception {
    CompiledWorkflow workflow =
        compileYaml(
            workflowYaml(
                "patient",
                """
                - name: both
                  kind: parallel
                  failFast: false
                  branches:
                    - name: late
                      steps:
                        - {name: nap, kind: sleep, duration: 300ms}
                        - {name: fails, kind: fail, code: HTTP_410}
                    - name: early
                      steps: [{name: fails, kind: fail, code: HTTP_404}]
                    - name: fine
                      steps: [{name: call, kind: http, method: GET, url: '%s'}]
                """
                    .formatted(server.url("/fine"))));
    RunResult result = new WorkflowExecutor(postgres.store()).run(workflow, ExecutionListener.NONE);

    assertThat(result.errorCode()).isEqualTo("HTTP_410");
    assertThat(result.failedStep()).isEqualTo("steps/0/branches/late/steps/1");
    assertThat(server.requestsTo("/fine")).hasSize(1);
  }

  /** A call, a step that fails, and a cleanup call to {@code releaseUrl} that reads both. */
  private CompiledWorkflow reserveChargeRelease(String releaseUrl) {
    return compileYaml(
        workflowYaml(
                "cleanup",
                """
                - {name: reserve, kind: http, method: POST, url: '%s'}
                - {name: charge, kind: fail, code: HTTP_404, message: card declined}
                """
                    .formatted(server.url("/reserve")))
            .concat(
                """
                  finally:
                    - name: release
                      kind: http
                      method: POST
                      url: '%s'
                      body: '{"ok": run.success, "reserved": steps.reserve.output.status, "code": run.error.code, "at": run.error.step}'
                """
                    .formatted(releaseUrl)));
  }

  private static final String RELEASED =
      "{\"ok\": false, \"reserved\": 200, \"code\": \"HTTP_404\", \"at\": \"steps/1\"}";

  @Test
  void cleanupRunsAfterAFailureReadsItAndTheRunKeepsTheFailure() throws Exception {
    CompiledWorkflow workflow = reserveChargeRelease(server.url("/release"));
    RunResult result = new WorkflowExecutor(postgres.store()).run(workflow, ExecutionListener.NONE);
    RunResult again = new WorkflowExecutor(postgres.store()).run(workflow, ExecutionListener.NONE);

    assertThat(result.errorCode()).isEqualTo("HTTP_404");
    assertThat(result.failedStep()).isEqualTo("steps/1");
    assertThat(server.requestsTo("/release")).hasSize(1);
    assertThat(Json.parse(server.requestsTo("/release").get(0).body()))
        .isEqualTo(Json.parse(RELEASED));
    assertThat(result.stepHashes()).containsKeys("steps/0", "finally", "finally/0");
    assertThat(again.workflowHash()).isEqualTo(result.workflowHash());
  }

  @Test
  void aRunStoppedDuringCleanupResumesTheCleanupWithoutRunningTheFailedStepsAgain()
      throws Exception {
    CompiledWorkflow workflow = reserveChargeRelease(cleanupServer.url("/release"));
    cleanupServer.hold();
    Thread first =
        new Thread(
            () -> {
              try {
                new WorkflowExecutor(postgres.store()).run(workflow, ExecutionListener.NONE);
              } catch (InterruptedException stopped) {
                // the process stops in the middle of its cleanup call
              }
            });
    first.start();
    Awaitility.await().until(() -> !cleanupServer.requestsTo("/release").isEmpty());
    first.interrupt();
    first.join();
    cleanupServer.release();

    RunResult resumed =
        new WorkflowExecutor(postgres.store()).run(workflow, ExecutionListener.NONE);

    assertThat(resumed.errorCode()).isEqualTo("HTTP_404");
    assertThat(server.requestsTo("/reserve")).hasSize(1);
    List<LocalHttpServer.Request> releases = cleanupServer.requestsTo("/release");
    assertThat(releases).hasSize(2);
    assertThat(releases.get(1).idempotencyKey()).isEqualTo(releases.get(0).idempotencyKey());
    assertThat(Json.parse(releases.get(1).body())).isEqualTo(Json.parse(RELEASED));
    String uninterrupted =
        new WorkflowExecutor(new InMemoryCheckpointStore())
            .run(workflow, ExecutionListener.NONE)
            .workflowHash();
    assertThat(resumed.workflowHash()).isEqualTo(uninterrupted);
  }

  @Test
  void cleanupAfterSuccessSeesIt() throws Exception {
    CompiledWorkflow workflow =
        compileYaml(
            workflowYaml("tidy", "- {name: a, kind: transform, expr: '1'}\n")
                .concat(
                    """
                      finally:
                        - {name: note, kind: transform, expr: '{"ok": run.success, "a": steps.a.output}'}
                    """));
    RunResult result =
        new WorkflowExecutor(new InMemoryCheckpointStore()).run(workflow, ExecutionListener.NONE);

    assertThat(result.success()).isTrue();
    assertThat(result.stepHashes()).containsOnlyKeys("steps/0", "finally/0");
  }

  @Test
  void itemsThatAreNotAListOrTooManyFailTheStepWithTheirCodes() throws Exception {
    RunResult notAList = runLoop("'input.qty'");
    RunResult tooMany = runLoop("'input.many'");

    assertThat(notAList.errorCode()).isEqualTo("ITEMS_NOT_A_LIST");
    assertThat(notAList.errorMessage()).contains("steps/0 (loop) items gave 3");
    assertThat(tooMany.errorCode()).isEqualTo("TOO_MANY_ITEMS");
  }

  private RunResult runLoop(String items) throws InterruptedException {
    String many =
        IntStream.range(0, ManifestLimits.FOREACH_ITEMS + 1)
            .mapToObj(Integer::toString)
            .collect(Collectors.joining(", ", "[", "]"));
    CompiledWorkflow workflow =
        compileYaml(
            workflowYaml(
                    "loop",
                    "- {name: loop, kind: forEach, items: "
                        + items
                        + ", steps: [{name: x, kind: transform, expr: 'item'}]}\n")
                .replace("qty: 3}", "qty: 3, many: " + many + "}"));
    return new WorkflowExecutor(new InMemoryCheckpointStore())
        .run(workflow, ExecutionListener.NONE);
  }

  @Test
  void expandedStepsCountAgainstMaxSteps() throws Exception {
    CompiledWorkflow workflow =
        compileYaml(
            workflowYaml(
                    "capped",
                    "- {name: loop, kind: forEach, items: '[1, 2, 3, 4, 5, 6]',"
                        + " maxParallel: 1, steps: [{name: x, kind: transform, expr: 'item'}]}\n")
                .replace("spec:\n", "spec:\n  policy: {maxSteps: 5}\n"));
    RunResult result =
        new WorkflowExecutor(new InMemoryCheckpointStore()).run(workflow, ExecutionListener.NONE);

    assertThat(result.errorCode()).isEqualTo("POLICY_MAX_STEPS");
    assertThat(result.failedStep()).isEqualTo("steps/0/items/4/steps/0");
  }
}
