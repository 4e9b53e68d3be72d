package io.shadowflow.engine.exec;

import static io.shadowflow.engine.testing.Manifests.compileYaml;
import static io.shadowflow.engine.testing.Manifests.workflowYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.shadowflow.engine.checkpoint.InMemoryCheckpointStore;
import io.shadowflow.engine.checkpoint.RunState;
import io.shadowflow.engine.checkpoint.StepProgress;
import io.shadowflow.engine.failure.RetryPolicy;
import io.shadowflow.engine.hash.Sha256;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.retry.Backoff;
import io.shadowflow.engine.testing.FailureRows;
import io.shadowflow.engine.testing.FakeTime;
import io.shadowflow.engine.testing.Kill;
import io.shadowflow.engine.testing.LocalHttpServer;
import io.shadowflow.engine.testing.PostgresStore;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RetryTest {
  @RegisterExtension final PostgresStore postgres = new PostgresStore();
  @RegisterExtension final LocalHttpServer server = LocalHttpServer.start();

  private CompiledWorkflow notifyWorkflow() {
    return compileYaml(
        workflowYaml(
            "notify",
            """
            - {name: label, kind: transform, expr: 'input.item'}
            - {name: notify, kind: http, method: POST, url: '%s', body: '{"label": steps.label.output}'}
            """
                .formatted(server.url("/notify"))));
  }

  /** The Idempotency-Key of the notify step: run and step, no attempt. */
  private static String key(String runId) {
    return Sha256.hex(runId + "/steps/1").substring(0, 32);
  }

  @Test
  void transientFailuresAreRetriedWithSeededBackoffAndLeaveTheHashAlone() throws Exception {
    server.answerNext(503, 503);
    FakeTime time = new FakeTime();
    RunResult result =
        time.executor(postgres.store()).run(notifyWorkflow(), ExecutionListener.NONE);

    assertThat(result.success()).isTrue();
    assertThat(time.sleeps())
        .containsExactly(
            Backoff.after(RetryPolicy.STANDARD, 42, "steps/1", 1),
            Backoff.after(RetryPolicy.STANDARD, 42, "steps/1", 2));
    assertThat(server.requests())
        .extracting(LocalHttpServer.Request::idempotencyKey)
        .containsExactly(key(result.runId()), key(result.runId()), key(result.runId()));
    RunState state = postgres.store().readRun(result.runId());
    assertThat(state.steps().get(1).attempts()).isEqualTo(3);
    assertThat(state.progress()).isEmpty();

    // The same run without the two 503s: attempts differ, hashes do not.
    RunResult clean =
        new FakeTime()
            .executor(new InMemoryCheckpointStore())
            .run(notifyWorkflow(), ExecutionListener.NONE);
    assertThat(result.workflowHash()).isEqualTo(clean.workflowHash());
    assertThat(result.stepHashes()).isEqualTo(clean.stepHashes());
  }

  @Test
  void exhaustedRetriesFailTheRunWithTheLastCodeAndCountEveryAttempt() throws Exception {
    server.answerWith(503);
    CompiledWorkflow workflow =
        compileYaml(
            workflowYaml(
                "flaky",
                """
                - name: call
                  kind: http
                  url: '%s'
                  retry: [{errors: [HTTP_503], maxAttempts: 3, initialInterval: 2s}]
                """
                    .formatted(server.url("/flaky"))));
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    FakeTime time = new FakeTime();
    RunResult result =
        time.executor(postgres.store(), meters).run(workflow, ExecutionListener.NONE);

    assertThat(result.success()).isFalse();
    assertThat(result.errorCode()).isEqualTo("HTTP_503");
    assertThat(result.errorMessage()).contains("answered 503", "gave up after 3 attempts");
    assertThat(server.requests()).hasSize(3);
    assertThat(time.sleeps()).hasSize(2);
    assertThat(time.sleeps().get(0)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(time.sleeps().get(1)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(FailureRows.of(postgres.database(), result.runId()))
        .containsExactly(
            "steps/0#1 HTTP_503 TRANSIENT",
            "steps/0#2 HTTP_503 TRANSIENT",
            "steps/0#3 HTTP_503 TRANSIENT");
    assertThat(meters.scrape())
        .contains("shadowflow_failures_total{category=\"TRANSIENT\",code=\"HTTP_503\"} 3.0");
  }

  @Test
  void permissionFailuresAreNotRetriedUnlessARetrierNamesThem() throws Exception {
    String drill = "- {name: deny, kind: fail, code: HTTP_403%s}";
    FakeTime time = new FakeTime();
    RunResult plain =
        time.executor(postgres.store())
            .run(compileYaml(workflowYaml("deny", drill.formatted(""))), ExecutionListener.NONE);
    assertThat(plain.errorCode()).isEqualTo("HTTP_403");
    assertThat(FailureRows.of(postgres.database(), plain.runId())).hasSize(1);

    RunResult named =
        time.executor(postgres.store())
            .run(
                compileYaml(
                    workflowYaml(
                        "deny-retried",
                        drill.formatted(
                            ", retry: [{errors: [PERMISSION], maxAttempts: 2, initialInterval: 1s}]"))),
                ExecutionListener.NONE);
    assertThat(named.errorCode()).isEqualTo("HTTP_403");
    assertThat(FailureRows.of(postgres.database(), named.runId())).hasSize(2);
    assertThat(time.sleeps()).hasSize(1);
  }

  @Test
  void aRunKilledDuringBackoffResumesTheSameScheduleAndAttemptNumber() throws Exception {
    server.answerNext(503);
    FakeTime time = new FakeTime();
    catchThrowableOfType(
        Kill.Killed.class,
        () ->
            Kill.onFirstWait(postgres.store(), time).run(notifyWorkflow(), ExecutionListener.NONE));

    // What a person debugging the retry sees: the attempt due, the error that caused it, when.
    String runId = notifyWorkflow().runId("");
    StepProgress waiting = postgres.store().readRun(runId).progress("steps/1").orElseThrow();
    Duration backoff = Backoff.after(RetryPolicy.STANDARD, 42, "steps/1", 1);
    assertThat(waiting.attempt()).isEqualTo(2);
    assertThat(waiting.lastErrorCode()).isEqualTo("HTTP_503");
    assertThat(waiting.lastErrorMessage()).contains("answered 503");
    assertThat(waiting.nextAttemptAt())
        .isEqualTo(time.instant().plus(backoff).truncatedTo(ChronoUnit.MILLIS));

    // A new process 300 ms later waits only what is left, then makes attempt 2 with the same key.
    time.advance(Duration.ofMillis(300));
    RunResult resumed =
        time.executor(postgres.store()).run(notifyWorkflow(), ExecutionListener.NONE);
    assertThat(resumed.success()).isTrue();
    assertThat(time.sleeps()).hasSize(1);
    assertThat(time.sleeps().get(0)).isCloseTo(backoff.minusMillis(300), Duration.ofMillis(2));
    assertThat(server.requests())
        .extracting(LocalHttpServer.Request::idempotencyKey)
        .containsExactly(key(runId), key(runId));
    assertThat(postgres.store().readRun(runId).steps().get(1).attempts()).isEqualTo(2);
    assertThat(resumed.workflowHash())
        .isEqualTo(
            new FakeTime()
                .executor(new InMemoryCheckpointStore())
                .run(notifyWorkflow(), ExecutionListener.NONE)
                .workflowHash());
  }

  @Test
  void aPostThatTimedOutIsRetriedUnderTheSameIdempotencyKey() throws Exception {
    server.delayNext(Duration.ofSeconds(3)); // the first answer comes after the step gave up
    CompiledWorkflow workflow =
        compileYaml(
            workflowYaml(
                "notify",
                """
                - {name: label, kind: transform, expr: 'input.item'}
                - {name: notify, kind: http, method: POST, url: '%s', timeout: 1s, body: '{"label": steps.label.output}'}
                """
                    .formatted(server.url("/notify"))));
    RunResult result =
        new FakeTime().executor(postgres.store()).run(workflow, ExecutionListener.NONE);

    assertThat(result.success()).isTrue();
    assertThat(FailureRows.of(postgres.database(), result.runId()))
        .singleElement()
        .asString()
        .contains("steps/1#1", "TIMEOUT");
    assertThat(server.requests())
        .hasSize(2)
        .extracting(LocalHttpServer.Request::idempotencyKey)
        .containsOnly(key(result.runId()));
  }
}
