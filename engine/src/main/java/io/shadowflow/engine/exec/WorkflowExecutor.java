package io.shadowflow.engine.exec;

import io.shadowflow.engine.checkpoint.CheckpointStore;
import io.shadowflow.engine.checkpoint.RunDefinition;
import io.shadowflow.engine.checkpoint.RunOutcome;
import io.shadowflow.engine.checkpoint.RunState;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.RecoveryMode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.hash.Hashes;
import io.shadowflow.engine.step.StepResult;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a workflow step by step, committing each step's result before the next begins. A run that
 * finds committed steps takes them from their checkpoints instead of executing them again, so a
 * resumed run ends with the hash of an uninterrupted one.
 */
public final class WorkflowExecutor {
  private final CheckpointStore store;
  private final HttpClient http;
  private final Clock wallClock;

  public WorkflowExecutor(CheckpointStore store, HttpClient http, Clock wallClock) {
    this.store = store;
    this.http = http;
    this.wallClock = wallClock;
  }

  public WorkflowExecutor(CheckpointStore store) {
    this(store, defaultHttpClient(), Clock.systemUTC());
  }

  public static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** Runs (or resumes) the first run of {@code workflow}. */
  public RunResult run(CompiledWorkflow workflow, ExecutionListener listener)
      throws InterruptedException {
    return run(workflow, RunOptions.DEFAULT, listener);
  }

  /**
   * Runs (or resumes) a run of {@code workflow}.
   *
   * @throws WorkflowFailure only for failures whose recovery is to resume from the checkpoint (the
   *     database is gone); every other failure ends the run and is in the result
   */
  public RunResult run(CompiledWorkflow workflow, RunOptions options, ExecutionListener listener)
      throws InterruptedException {
    RunDefinition definition = RunDefinitions.of(workflow, options, wallClock.instant());
    String runId = definition.runId();
    RunState state = store.openRun(definition);
    listener.runStarted(workflow, runId, state.steps().size());
    var scope = new ExecutionContext.RunScope(runId, workflow.seed(), store, http, wallClock);
    RunResult result = new Run(workflow, state, scope, listener).execute();
    listener.runFinished(result);
    return result;
  }

  /** One pass over the steps of one run. */
  private final class Run {
    private final CompiledWorkflow workflow;
    private final RunState state;
    private final ExecutionContext.RunScope scope;
    private final ExecutionListener listener;
    private final Map<String, String> stepHashes = new LinkedHashMap<>();
    private final StepVariables variables;
    private long elapsedMs;
    private int restored;

    Run(
        CompiledWorkflow workflow,
        RunState state,
        ExecutionContext.RunScope scope,
        ExecutionListener listener) {
      this.workflow = workflow;
      this.state = state;
      this.scope = scope;
      this.listener = listener;
      this.variables = new StepVariables(workflow.input());
    }

    RunResult execute() throws InterruptedException {
      if (state.status().finished()) {
        return finished(state.outcome());
      }
      for (int seq = 0; seq < workflow.steps().size(); seq++) {
        CompiledStep step = workflow.steps().get(seq);
        Optional<StepRecord> committed = state.committed(step.path());
        if (committed.isPresent()) {
          restored++;
          listener.stepRestored(step, committed.get());
          accept(step, committed.get());
          continue;
        }
        try {
          StepRecord record = executeStep(step, seq);
          store.commitStep(scope.runId(), record);
          listener.stepCompleted(step, record);
          accept(step, record);
        } catch (WorkflowFailure failure) {
          if (failure.code().recovery() == RecoveryMode.RESUME_FROM_CHECKPOINT) {
            throw failure;
          }
          listener.stepFailed(step, failure);
          return finish(failure, step.path());
        }
      }
      return finish(null, null);
    }

    private StepRecord executeStep(CompiledStep step, int seq) throws InterruptedException {
      Instant now = state.startedAt().plusMillis(elapsedMs);
      var context = new ExecutionContext(scope, step.path(), 1, now, variables.asMap());
      long started = System.nanoTime();
      StepResult result;
      try {
        result = step.step().execute(context);
      } catch (WorkflowFailure | InterruptedException e) {
        throw e;
      } catch (RuntimeException bug) {
        throw new WorkflowFailure(
            FailureCode.INTERNAL_ERROR,
            "step " + step.path() + " (" + step.name() + "): " + bug,
            bug);
      }
      long durationMs = (System.nanoTime() - started) / 1_000_000;
      String hash =
          Hashes.stepHash(
              step.path(), step.name(), step.kind().name(), result.input(), result.output());
      return new StepRecord(
          seq,
          step.path(),
          step.name(),
          step.kind().name(),
          result.input(),
          result.output(),
          hash,
          durationMs,
          1);
    }

    private void accept(CompiledStep step, StepRecord record) {
      stepHashes.put(step.path(), record.stepHash());
      variables.add(step.name(), record.output());
      elapsedMs += record.durationMs();
    }

    private RunResult finish(WorkflowFailure failure, String failedStep) {
      String errorCode = failure == null ? null : failure.code().name();
      String hash =
          Hashes.workflowHash(
              scope.runId(),
              workflow.type(),
              workflow.seed(),
              stepHashes,
              failure == null,
              errorCode);
      RunOutcome outcome =
          new RunOutcome(
              failure == null,
              errorCode,
              failure == null ? null : failure.getMessage(),
              failedStep,
              hash);
      store.finishRun(scope.runId(), outcome);
      return result(outcome);
    }

    /** A run that had already ended: its recorded steps and outcome. */
    private RunResult finished(RunOutcome outcome) {
      for (CompiledStep step : workflow.steps()) {
        state
            .committed(step.path())
            .ifPresent(
                record -> {
                  restored++;
                  listener.stepRestored(step, record);
                  accept(step, record);
                });
      }
      return result(outcome);
    }

    private RunResult result(RunOutcome outcome) {
      return new RunResult(
          scope.runId(),
          workflow.type(),
          workflow.seed(),
          Collections.unmodifiableMap(new LinkedHashMap<>(stepHashes)),
          outcome.success(),
          outcome.errorCode(),
          outcome.errorMessage(),
          outcome.failedStep(),
          outcome.workflowHash(),
          restored);
    }
  }
}
