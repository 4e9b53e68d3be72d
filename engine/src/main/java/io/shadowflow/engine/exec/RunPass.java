package io.shadowflow.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.checkpoint.RunOutcome;
import io.shadowflow.engine.checkpoint.RunState;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.fault.FaultType;
import io.shadowflow.engine.hash.Hashes;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.Values;
import io.shadowflow.engine.plan.PlanLimits;
import io.shadowflow.engine.plan.PlannerSandbox;
import io.shadowflow.engine.policy.PolicyEnforcer;
import io.shadowflow.engine.policy.PolicyEnforcer.Charge;
import io.shadowflow.engine.policy.Violation;
import io.shadowflow.engine.step.kinds.PlanStep;
import io.shadowflow.engine.step.kinds.TransformStep;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One pass over the steps of one run: each step is taken from its checkpoint or admitted by the
 * policy, attempted, and committed before the next; a plan step's planned steps run right after it,
 * under its path. The run's last step commits together with the run's successful end.
 */
final class RunPass {
  private final CompiledWorkflow workflow;
  private final RunState state;
  private final ExecutionContext.RunScope scope;
  private final ExecutionListener listener;
  private final PolicyEnforcer enforcer;
  private final StepAttempts attempts;
  private final Checkpointer checkpointer;
  private final PlannerSandbox sandbox;
  private final FailureSink failures;
  private final Map<String, String> stepHashes = new LinkedHashMap<>();
  private final StepVariables variables;
  private final Set<String> names = new HashSet<>();
  private final RunLimits limits = new RunLimits();
  private long elapsedMs;
  private int seq;
  private int restored;
  private RunOutcome endCommitted;

  RunPass(
      CompiledWorkflow workflow,
      RunState state,
      ExecutionContext.RunScope scope,
      ExecutionListener listener,
      PolicyEnforcer enforcer,
      StepAttempts attempts,
      Checkpointer checkpointer,
      PlannerSandbox sandbox,
      FailureSink failures) {
    this.workflow = workflow;
    this.state = state;
    this.scope = scope;
    this.listener = listener;
    this.enforcer = enforcer;
    this.attempts = attempts;
    this.checkpointer = checkpointer;
    this.sandbox = sandbox;
    this.failures = failures;
    this.variables = new StepVariables(workflow.input());
    workflow.steps().forEach(step -> names.add(step.name()));
  }

  RunResult execute() throws InterruptedException {
    if (state.status().finished()) {
      return finished(state.outcome());
    }
    try {
      checkAhead();
      runSteps(workflow.steps(), true);
    } catch (StepFailed failed) {
      if (!failed.isRecorded()) {
        int attempt = state.progress(failed.step().path()).map(p -> p.attempt()).orElse(1);
        failures.record(failed.step(), attempt, attempt, failed.failure(), null);
      }
      listener.stepFailed(failed.step(), failed.failure());
      return finish(failed.failure(), failed.step().path());
    }
    return endCommitted != null ? result(endCommitted) : finish(null, null);
  }

  /** The manifest's steps against the policy before any runs: a kind it denies fails at once. */
  private void checkAhead() throws StepFailed {
    List<Charge> charges = workflow.steps().stream().map(RunPass::charge).toList();
    Optional<Violation> violation = enforcer.checkAhead(charges, null);
    if (violation.isPresent()) {
      CompiledStep step =
          workflow.steps().stream()
              .filter(s -> s.path().equals(violation.get().path()))
              .findFirst()
              .orElseThrow();
      throw new StepFailed(step, violation.get().toFailure());
    }
  }

  /**
   * @param endRun whether the run ends with these steps: then the last of them, unless it is a plan
   *     step (its planned steps come after it), is the run's last step
   */
  private void runSteps(List<CompiledStep> steps, boolean endRun)
      throws StepFailed, InterruptedException {
    for (int i = 0; i < steps.size(); i++) {
      CompiledStep step = steps.get(i);
      boolean endsList = endRun && i == steps.size() - 1;
      Charge charge = charge(step);
      Optional<StepRecord> committed = state.committed(step.path());
      StepRecord record;
      List<CompiledStep> planned = null;
      if (committed.isPresent()) {
        record = committed.get();
        limits.restored(record.output());
        restored++;
        listener.stepRestored(step, record);
      } else if (!runs(step)) {
        record = skipped(step);
        commit(step, record, endsList, Optional.empty());
        listener.stepCompleted(step, record);
      } else {
        AtomicReference<List<CompiledStep>> admitted = new AtomicReference<>();
        record = execute(step, charge, admitted, endsList && !(step.kind() instanceof PlanStep));
        planned = admitted.get();
        listener.stepCompleted(step, record);
      }
      seq++;
      boolean skipped = StepRecords.isSkipped(record);
      if (!skipped) {
        enforcer.charge(charge);
      }
      accept(step, record);
      if (step.kind() instanceof PlanStep && !skipped) {
        if (planned == null) {
          planned = admitPlan(step, record.output(), null);
        }
        planned.forEach(p -> names.add(p.name()));
        runSteps(planned, endsList);
      }
    }
  }

  private StepRecord execute(
      CompiledStep step,
      Charge charge,
      AtomicReference<List<CompiledStep>> admitted,
      boolean lastStep)
      throws StepFailed, InterruptedException {
    try {
      enforcer.admit(charge);
    } catch (WorkflowFailure violation) {
      throw new StepFailed(step, violation);
    }
    Instant now = state.startedAt().plusMillis(elapsedMs);
    StepAttempts.ResultCheck check =
        step.kind() instanceof PlanStep
            ? result -> admitted.set(admitPlan(step, result.output(), charge))
            : StepAttempts.ResultCheck.NONE;
    StepAttempts.Success success;
    try {
      // A failure that stops the process (the database, memory) is not the step's: it propagates.
      success = attempts.run(step, state.progress(step.path()), now, variables.asMap(), check);
    } catch (StepFailed failed) {
      return continueOrFail(step, failed, lastStep);
    }
    try {
      limits.admit(StepAttempts.label(step), success.result().output());
    } catch (WorkflowFailure tooLarge) {
      return continueOrFail(step, new StepFailed(step, tooLarge), lastStep);
    }
    String hash =
        Hashes.stepHash(
            step.path(),
            step.name(),
            step.kind().name(),
            success.result().input(),
            success.result().output());
    StepRecord record =
        new StepRecord(
            seq,
            step.path(),
            step.name(),
            step.kind().name(),
            success.result().input(),
            success.result().output(),
            hash,
            success.durationMs(),
            success.attempt(),
            success.externals());
    commit(step, record, lastStep, success.fault());
    return record;
  }

  /** Whether the step's turn has come to run: it has no condition, or its condition holds. */
  private boolean runs(CompiledStep step) throws StepFailed {
    if (step.when() == null) {
      return true;
    }
    String path = StepAttempts.label(step) + " when";
    JsonNode holds;
    try {
      holds = TransformStep.evaluate(step.when(), variables.asMap(), path);
    } catch (WorkflowFailure failure) {
      throw new StepFailed(step, failure);
    }
    if (!holds.isBoolean()) {
      throw new StepFailed(
          step,
          new WorkflowFailure(
              FailureCode.CONDITION_NOT_BOOLEAN,
              FailureCode.CONDITION_NOT_BOOLEAN.withDetail(
                  path + " gave " + Values.cut(holds.toString()))));
    }
    return holds.booleanValue();
  }

  private StepRecord skipped(CompiledStep step) {
    return StepRecords.skipped(seq, step, step.when().source());
  }

  /**
   * A step that failed for good: with {@code onError: continue} its failure becomes its output and
   * the run goes on; otherwise the run fails.
   */
  private StepRecord continueOrFail(CompiledStep step, StepFailed failed, boolean lastStep)
      throws StepFailed, InterruptedException {
    if (!step.continuesOnError()) {
      throw failed;
    }
    if (!failed.isRecorded()) {
      int attempt = state.progress(step.path()).map(p -> p.attempt()).orElse(1);
      failures.record(step, attempt, attempt, failed.failure(), null);
    }
    StepRecord record = StepRecords.continued(seq, step, failed.failure());
    commit(step, record, lastStep, Optional.empty());
    return record;
  }

  /** Commits the step; the run's last step commits with the run's successful end. */
  private void commit(
      CompiledStep step, StepRecord record, boolean lastStep, Optional<FaultType> fault)
      throws StepFailed, InterruptedException {
    RunOutcome end = null;
    if (lastStep) {
      Map<String, String> hashes = new LinkedHashMap<>(stepHashes);
      hashes.put(step.path(), record.stepHash());
      end = outcome(hashes, null, null);
    }
    checkpointer.commit(step, record, end, fault);
    endCommitted = end;
  }

  /** The plan's steps, once the sandbox has admitted them; the plan step's limits are inherited. */
  private List<CompiledStep> admitPlan(CompiledStep plan, JsonNode output, Charge pending) {
    String[] segments = plan.path().split("/");
    String root = segments[0] + "/" + segments[1];
    CompiledStep manifestPlan =
        workflow.steps().stream().filter(s -> s.path().equals(root)).findFirst().orElseThrow();
    PlanLimits limits = PlanLimits.of(manifestPlan.spec().planner);
    return sandbox.admit(
        plan, output, new PlannerSandbox.Context(limits, Set.copyOf(names), enforcer, pending));
  }

  private static Charge charge(CompiledStep step) {
    return Charge.of(step.path(), step.kind(), step.spec());
  }

  private void accept(CompiledStep step, StepRecord record) {
    stepHashes.put(step.path(), record.stepHash());
    variables.add(step.name(), record.output());
    elapsedMs += record.durationMs();
  }

  private RunResult finish(WorkflowFailure failure, String failedStep) {
    RunOutcome outcome = outcome(stepHashes, failure, failedStep);
    scope.store().finishRun(scope.runId(), outcome);
    return result(outcome);
  }

  private RunOutcome outcome(
      Map<String, String> hashes, WorkflowFailure failure, String failedStep) {
    String errorCode = failure == null ? null : failure.code().name();
    String hash =
        Hashes.workflowHash(
            scope.runId(), workflow.type(), workflow.seed(), hashes, failure == null, errorCode);
    return new RunOutcome(
        failure == null,
        errorCode,
        failure == null ? null : failure.getMessage(),
        failedStep,
        hash);
  }

  /** A run that had already ended: its recorded steps, in the order they were committed. */
  private RunResult finished(RunOutcome outcome) {
    Map<String, CompiledStep> byPath = new LinkedHashMap<>();
    workflow.steps().forEach(step -> byPath.put(step.path(), step));
    for (StepRecord record : state.steps()) {
      CompiledStep step = byPath.get(record.path());
      restored++;
      if (step != null) {
        listener.stepRestored(step, record);
      }
      stepHashes.put(record.path(), record.stepHash());
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
