package io.shadowflow.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.checkpoint.RunOutcome;
import io.shadowflow.engine.checkpoint.RunState;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.failure.Category;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.fault.FaultType;
import io.shadowflow.engine.hash.Hashes;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.ComposedKind;
import io.shadowflow.engine.model.ComposedKind.ChildRun;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.Step;
import io.shadowflow.engine.model.StepKind;
import io.shadowflow.engine.model.StepPath;
import io.shadowflow.engine.model.Values;
import io.shadowflow.engine.plan.PlanLimits;
import io.shadowflow.engine.plan.PlannerSandbox;
import io.shadowflow.engine.policy.PolicyEnforcer.Charge;
import io.shadowflow.engine.policy.Violation;
import io.shadowflow.engine.step.kinds.TransformStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One pass over the step tree of one run. Each step is taken from its checkpoint, or admitted by
 * the policy, attempted, and committed before the next step of its list; a plan step's planned
 * steps run right after it, under its path; the branches and iterations of a parallel or forEach
 * step run at once, each in a frame of its own, and the step commits once they are done. The run's
 * last step commits together with the run's end. The {@code finally} steps run after the steps
 * however they ended; a failure of the steps is committed first, so a crash during cleanup does not
 * run the failed steps again.
 *
 * <p>A step the engine can recompute from committed state (see {@link StepKind#recomputable}) is
 * held, not committed: it goes with the run's next commit of a step that cannot be recomputed, with
 * a fault drill's commit, with the steps' outcome, or with the run's end.
 */
final class RunPass {
  private static final String CLEANUP = StepPath.STEPS_OUTCOME;

  /** The kind of that record: no manifest writes it. */
  private static final StepKind OUTCOME =
      new StepKind() {
        @Override
        public String name() {
          return CLEANUP;
        }

        @Override
        public Set<String> fields() {
          return Set.of();
        }

        @Override
        public Step compile(StepSpec spec, String path, Problems problems) {
          throw new UnsupportedOperationException("the steps' outcome is written by the engine");
        }
      };

  private final CompiledWorkflow workflow;
  private final RunState state;
  private final ExecutionContext.RunScope scope;
  private final ExecutionListener listener;
  private final Policy policy;

  /** The cleanup steps' policy; null when there are no cleanup steps. */
  private final Policy cleanupPolicy;

  private final Checkpointer checkpointer;
  private final PlannerSandbox sandbox;
  private final FailureSink failures;
  private final ExecutorService branches;
  private final Map<String, StepRecord> committed = new HashMap<>();
  private final Map<String, String> stepHashes = new ConcurrentHashMap<>();
  private final Map<String, List<CompiledStep>> admittedPlans = new ConcurrentHashMap<>();
  private final Map<String, PlanLimits> plannedLimits = new ConcurrentHashMap<>();
  private final RunLimits limits = new RunLimits();
  private final HeldSteps held = new HeldSteps();
  private final AtomicInteger nextSeq;
  private final AtomicInteger restored = new AtomicInteger();
  private WorkflowFailure endFailure;
  private String endFailedStep;
  private volatile RunOutcome endCommitted;

  RunPass(
      CompiledWorkflow workflow,
      RunState state,
      ExecutionContext.RunScope scope,
      ExecutionListener listener,
      Policy policy,
      Policy cleanupPolicy,
      Checkpointer checkpointer,
      PlannerSandbox sandbox,
      FailureSink failures,
      ExecutorService branches) {
    this.workflow = workflow;
    this.state = state;
    this.scope = scope;
    this.listener = listener;
    this.policy = policy;
    this.cleanupPolicy = cleanupPolicy;
    this.checkpointer = checkpointer;
    this.sandbox = sandbox;
    this.failures = failures;
    this.branches = branches;
    // Every committed step is in the hash, whichever part of the tree comes to it in this pass.
    for (StepRecord record : state.steps()) {
      committed.put(record.path(), record);
      stepHashes.put(record.path(), record.stepHash());
    }
    this.nextSeq = new AtomicInteger(state.steps().size());
  }

  /**
   * @throws RunParked when the run waits longer than it may in place: the steps held are committed
   *     and the run is recorded parked, with what it waits for
   */
  RunResult execute() throws InterruptedException {
    try {
      return executeSteps();
    } catch (RunParked parked) {
      List<StepRecord> pending = held.takeAll();
      if (!pending.isEmpty()) {
        scope.store().commitSteps(scope.runId(), pending, null);
      }
      scope.store().park(scope.runId(), parked.signals(), parked.until());
      throw parked;
    }
  }

  private RunResult executeSteps() throws InterruptedException {
    if (state.status().finished()) {
      return finished(state.outcome());
    }
    boolean cleanup = !workflow.cleanup().isEmpty();
    Frame root = Frame.root(workflow.input(), workflow.steps(), policy);
    StepRecord mainOutcome = committed.get(CLEANUP);
    if (mainOutcome == null) {
      try {
        checkAhead();
        runList(workflow.steps(), root, !cleanup);
      } catch (StepFailed failed) {
        recordFinal(failed);
        listener.stepFailed(failed.step(), failed.failure());
        endFailure = failed.failure();
        endFailedStep = failed.step().path();
      }
    } else {
      endFailure = failureOf(mainOutcome.output().path("error"));
      endFailedStep = mainOutcome.output().path("error").path("step").asText();
      restoreScope(root);
    }
    if (cleanup) {
      return cleanUp(root, mainOutcome);
    }
    if (endFailure != null) {
      return finish(endFailure, endFailedStep);
    }
    return endCommitted != null ? result(endCommitted) : finish(null, null);
  }

  /**
   * The run's own scope as its steps left it, for cleanup after a resume that does not run them:
   * the committed steps of the run's list and of the plans in it, not those inside a branch or an
   * iteration.
   */
  private void restoreScope(Frame root) {
    state.steps().stream()
        .filter(record -> record.path().startsWith("steps/"))
        .filter(
            record -> !record.path().contains("/branches/") && !record.path().contains("/items/"))
        .forEach(root::accept);
  }

  /**
   * Runs the {@code finally} steps, which read the outcome of the steps as {@code run}. The run
   * fails with the steps' failure if they failed, else with the cleanup's, if it failed.
   *
   * @param mainOutcome the committed outcome of the steps, when an earlier process committed it
   */
  private RunResult cleanUp(Frame root, StepRecord mainOutcome) throws InterruptedException {
    JsonNode run = mainOutcome == null ? runVariable() : mainOutcome.output();
    try {
      if (mainOutcome == null && endFailure != null) {
        commitMainOutcome(run);
      }
      Frame frame =
          root.child(Map.of("run", run), workflow.cleanup(), cleanupPolicy, Cancellation.NEVER);
      runList(workflow.cleanup(), frame, true);
    } catch (StepFailed failed) {
      recordFinal(failed);
      listener.stepFailed(failed.step(), failed.failure());
      if (endFailure == null) {
        endFailure = failed.failure();
        endFailedStep = failed.step().path();
      }
      return finish(endFailure, endFailedStep);
    }
    return endCommitted != null ? result(endCommitted) : finish(endFailure, endFailedStep);
  }

  /**
   * {@code run} as cleanup steps read it: {@code {success, error: {code, category, message,
   * step}}}.
   */
  private JsonNode runVariable() {
    var run = Json.object().put("success", endFailure == null);
    if (endFailure == null) {
      run.putNull("error");
    } else {
      run.putObject("error")
          .put("code", endFailure.code().name())
          .put("category", endFailure.code().category().name())
          .put("message", endFailure.getMessage())
          .put("step", endFailedStep);
    }
    return run;
  }

  private static WorkflowFailure failureOf(JsonNode error) {
    return new WorkflowFailure(
        FailureCode.valueOf(error.path("code").asText()), error.path("message").asText());
  }

  /**
   * Commits how the steps failed, with the steps held, before any cleanup step runs: a resume does
   * not redo them, and finds the scope the cleanup reads.
   */
  private void commitMainOutcome(JsonNode run) throws StepFailed, InterruptedException {
    CompiledStep marker = new CompiledStep(CLEANUP, CLEANUP, null, null, null, null, List.of());
    JsonNode input = Json.object();
    String hash = Hashes.stepHash(CLEANUP, CLEANUP, CLEANUP, input, run);
    StepRecord record =
        new StepRecord(
            nextSeq.getAndIncrement(), CLEANUP, CLEANUP, CLEANUP, input, run, hash, 0, 1, null);
    checkpointer.commit(marker, held.takeWith(record), null, Optional.empty());
    stepHashes.put(CLEANUP, hash);
  }

  /** The manifest's steps against the policy before any runs: a kind it denies fails at once. */
  private void checkAhead() throws StepFailed {
    List<Charge> charges = workflow.steps().stream().map(RunPass::charge).toList();
    Optional<Violation> violation = policy.enforcer().checkAhead(charges);
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
   * Runs one list of steps in order.
   *
   * @param endRun whether the run ends with these steps: then the last of them, unless it yields
   *     steps (they come after it), commits with the run's end
   * @return the output of the list's last step
   */
  private JsonNode runList(List<CompiledStep> steps, Frame frame, boolean endRun)
      throws StepFailed, InterruptedException {
    JsonNode last = Json.NODES.nullNode();
    for (int i = 0; i < steps.size(); i++) {
      frame.cancellation.check();
      CompiledStep step = steps.get(i);
      frame.at(step);
      boolean endsList = endRun && i == steps.size() - 1;
      StepRecord record = runStep(step, frame, endsList && !step.kind().yieldsSteps());
      frame.accept(record);
      last = record.output();
      if (step.kind().yieldsSteps() && StepRecords.isResult(record)) {
        List<CompiledStep> planned = admittedPlans.remove(step.path());
        if (planned == null) {
          planned = admitPlan(step, record.output(), frame);
        }
        planned.forEach(p -> frame.names.add(p.name()));
        if (!planned.isEmpty()) {
          last = runList(planned, frame, endsList);
        }
      }
    }
    return last;
  }

  private StepRecord runStep(CompiledStep step, Frame frame, boolean lastStep)
      throws StepFailed, InterruptedException {
    StepRecord done = committed.get(step.path());
    boolean composed = step.kind() instanceof ComposedKind;
    if (done != null && !(composed && StepRecords.isResult(done))) {
      restore(step, done, frame);
      return done;
    }
    if (done == null && !holds(step, frame)) {
      StepRecord record =
          StepRecords.skipped(nextSeq.getAndIncrement(), step, step.when().source());
      commit(step, record, lastStep, Optional.empty(), true);
      listener.stepCompleted(step, record);
      return record;
    }
    StepRecord record =
        composed
            ? runComposed(step, (ComposedKind) step.kind(), frame, lastStep, done)
            : attempt(step, frame, lastStep);
    if (done == null) {
      listener.stepCompleted(step, record);
    }
    return record;
  }

  private void restore(CompiledStep step, StepRecord record, Frame frame) {
    limits.restored(record.output());
    restored.incrementAndGet();
    if (!StepRecords.isSkipped(record)) {
      frame.policy.enforcer().restored(charge(step));
    }
    listener.stepRestored(step, record);
  }

  private StepRecord attempt(CompiledStep step, Frame frame, boolean lastStep)
      throws StepFailed, InterruptedException {
    admit(step, frame);
    if (step.kind().needsStoredRun(step.spec())) {
      scope.store().storeRun(scope.runId());
    } else if (!step.kind().recomputable(step.spec())) {
      scope.store().lockRun(scope.runId());
    }
    Instant now = state.startedAt().plusMillis(frame.elapsedMs());
    StepAttempts.ResultCheck check =
        step.kind().yieldsSteps()
            ? result -> admittedPlans.put(step.path(), admitPlan(step, result.output(), frame))
            : StepAttempts.ResultCheck.NONE;
    StepAttempts.Success success;
    try {
      // A failure that stops the process (the database, memory) is not the step's: it propagates.
      success =
          frame
              .policy
              .attempts()
              .run(step, state.progress(step.path()), now, frame.variables.asMap(), check);
    } catch (StepFailed failed) {
      return continueOrFail(step, failed, lastStep);
    }
    try {
      limits.admit(StepAttempts.label(step), success.result().output());
    } catch (WorkflowFailure tooLarge) {
      return continueOrFail(step, new StepFailed(step, tooLarge), lastStep);
    }
    StepRecord record =
        record(
            step,
            success.result().input(),
            success.result().output(),
            success.durationMs(),
            success.attempt(),
            success.externals());
    commit(step, record, lastStep, success.fault(), step.kind().recomputable(step.spec()));
    return record;
  }

  /**
   * Runs a step made of child runs (parallel, forEach) and commits it. A step committed by an
   * earlier process runs its children too: they are all restored, and counted by the policy.
   *
   * @param done the step's committed record, if an earlier process committed it
   */
  private StepRecord runComposed(
      CompiledStep step, ComposedKind kind, Frame frame, boolean lastStep, StepRecord done)
      throws StepFailed, InterruptedException {
    if (done == null) {
      admit(step, frame);
    }
    List<ChildRun> runs;
    List<JsonNode> outputs;
    long longest;
    try {
      runs = kind.runs(step, frame.variables.asMap());
      Frame[] frames = new Frame[runs.size()];
      List<ChildRuns.Run> tasks = new ArrayList<>();
      for (int i = 0; i < runs.size(); i++) {
        ChildRun run = runs.get(i);
        int index = i;
        tasks.add(
            cancellation -> {
              frames[index] = frame.child(run.bindings(), run.steps(), frame.policy, cancellation);
              return runList(run.steps(), frames[index], false);
            });
      }
      outputs =
          ChildRuns.runAll(
              branches,
              tasks,
              onlyComputes(runs) ? 1 : kind.maxParallel(step.spec()),
              kind.failFast(step.spec()),
              frame.cancellation,
              i -> cancelled(step, frames[i]));
      longest =
          Arrays.stream(frames)
              .filter(Objects::nonNull)
              .mapToLong(Frame::elapsedMs)
              .max()
              .orElse(frame.elapsedMs());
    } catch (WorkflowFailure cannotRun) {
      return continueOrFail(step, new StepFailed(step, cannotRun), lastStep);
    } catch (StepFailed failed) {
      return continueOrFail(step, failed, lastStep);
    }
    if (done != null) {
      restore(step, done, frame);
      return done;
    }
    JsonNode output = kind.output(runs, outputs);
    try {
      limits.admit(StepAttempts.label(step), output);
    } catch (WorkflowFailure tooLarge) {
      return continueOrFail(step, new StepFailed(step, tooLarge), lastStep);
    }
    StepRecord record =
        record(step, kind.input(step, runs), output, longest - frame.elapsedMs(), 1, null);
    commit(step, record, lastStep, Optional.empty(), true);
    return record;
  }

  /**
   * Whether the runs need no threads of their own: no step in them waits (for a call, a timer, a
   * planner), nor for a commit of its own (recomputable steps are held; some stores commit at
   * once). Then they run one after another on the run's thread, with the same outputs: threads
   * would only add hand-overs.
   */
  private boolean onlyComputes(List<ChildRun> runs) {
    boolean commitsAtOnce = scope.store().commitsAtOnce();
    return runs.stream()
        .allMatch(run -> run.steps().stream().allMatch(step -> computes(step, commitsAtOnce)));
  }

  private static boolean computes(CompiledStep step, boolean commitsAtOnce) {
    return !step.kind().waits(step.spec())
        && (commitsAtOnce || step.kind().recomputable(step.spec()))
        && step.blocks().stream()
            .allMatch(block -> block.steps().stream().allMatch(s -> computes(s, commitsAtOnce)));
  }

  /** Records that a run of {@code step} was cancelled, at the step it had come to. */
  private void cancelled(CompiledStep step, Frame run) {
    CompiledStep at = run == null || run.current() == null ? step : run.current();
    WorkflowFailure failure =
        new WorkflowFailure(
            FailureCode.BRANCH_CANCELLED,
            FailureCode.BRANCH_CANCELLED.withDetail(
                StepAttempts.label(at) + " stopped: another run of " + step.path() + " failed"));
    failures.record(at, 1, 1, failure, null);
  }

  private StepRecord record(
      CompiledStep step,
      JsonNode input,
      JsonNode output,
      long durationMs,
      int attempts,
      JsonNode externals) {
    return StepRecords.record(
        nextSeq.getAndIncrement(), step, input, output, durationMs, attempts, externals);
  }

  private void admit(CompiledStep step, Frame frame) throws StepFailed {
    try {
      frame.policy.enforcer().admit(charge(step));
    } catch (WorkflowFailure violation) {
      throw new StepFailed(step, violation);
    }
  }

  /** Whether the step's turn has come to run: it has no condition, or its condition holds. */
  private static boolean holds(CompiledStep step, Frame frame) throws StepFailed {
    if (step.when() == null) {
      return true;
    }
    String path = StepAttempts.label(step) + " when";
    JsonNode holds;
    try {
      holds = TransformStep.evaluate(step.when(), frame.variables.asMap(), path);
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

  /**
   * A step that failed for good: with {@code onError: continue} its failure becomes its output and
   * the run goes on; otherwise the run fails.
   */
  private StepRecord continueOrFail(CompiledStep step, StepFailed failed, boolean lastStep)
      throws StepFailed, InterruptedException {
    if (!step.continuesOnError()) {
      throw failed;
    }
    recordFinal(failed);
    StepRecord record = StepRecords.continued(nextSeq.getAndIncrement(), step, failed.failure());
    commit(step, record, lastStep, Optional.empty(), recomputable(step, failed.failure()));
    return record;
  }

  /**
   * Whether a step's failure would be the same if the step ran again: a step that only computes
   * fails the same way, unless something ran out (time, budget), or the failure came from its
   * children, some of which may have waited on the world.
   */
  private static boolean recomputable(CompiledStep step, WorkflowFailure failure) {
    return step.kind().recomputable(step.spec())
        && !(step.kind() instanceof ComposedKind)
        && failure.code().category() != Category.RESOURCE;
  }

  /** Records a final failure that was not recorded with its attempt (a policy violation). */
  private void recordFinal(StepFailed failed) {
    if (!failed.isRecorded()) {
      int attempt = state.progress(failed.step().path()).map(p -> p.attempt()).orElse(1);
      failures.record(failed.step(), attempt, attempt, failed.failure(), null);
    }
  }

  /**
   * Commits the step, with the steps held before it; the run's last step commits with the run's
   * end. A recomputable step is held instead, unless a fault drill strikes its commit.
   */
  private void commit(
      CompiledStep step,
      StepRecord record,
      boolean lastStep,
      Optional<FaultType> fault,
      boolean recomputable)
      throws StepFailed, InterruptedException {
    if (recomputable && !lastStep && fault.isEmpty()) {
      held.hold(record);
      stepHashes.put(step.path(), record.stepHash());
      return;
    }
    RunOutcome end = null;
    if (lastStep) {
      Map<String, String> hashes = new TreeMap<>(stepHashes);
      hashes.put(step.path(), record.stepHash());
      end = outcome(hashes, endFailure, endFailedStep);
    }
    checkpointer.commit(step, held.takeWith(record), end, fault);
    stepHashes.put(step.path(), record.stepHash());
    if (end != null) {
      endCommitted = end;
    }
  }

  /**
   * The plan's steps, once the sandbox has admitted them. A plan the manifest wrote has its own
   * limits; the steps a plan made, and everything they hold, inherit them.
   */
  private List<CompiledStep> admitPlan(CompiledStep plan, JsonNode output, Frame frame) {
    PlanLimits inherited = inheritedLimits(plan.path());
    PlanLimits planLimits = inherited != null ? inherited : PlanLimits.of(plan.spec().planner);
    List<CompiledStep> planned =
        sandbox.admit(
            plan,
            output,
            new PlannerSandbox.Context(
                planLimits, Set.copyOf(frame.names), frame.policy.enforcer()));
    planned.forEach(step -> plannedLimits.put(step.path(), planLimits));
    return planned;
  }

  /** The limits of the plan that made the step at {@code path} or a step holding it, if any. */
  private PlanLimits inheritedLimits(String path) {
    for (String at = path; at.contains("/"); at = at.substring(0, at.lastIndexOf('/'))) {
      PlanLimits found = plannedLimits.get(at);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static Charge charge(CompiledStep step) {
    return Charge.of(step.path(), step.kind(), step.spec());
  }

  /** Commits the run's end, with the steps still held. */
  private RunResult finish(WorkflowFailure failure, String failedStep) {
    RunOutcome outcome = outcome(stepHashes, failure, failedStep);
    List<StepRecord> rest = held.takeAll();
    if (rest.isEmpty()) {
      scope.store().finishRun(scope.runId(), outcome);
    } else {
      scope.store().commitSteps(scope.runId(), rest, outcome);
    }
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

  /**
   * A run that had already ended: the listener hears every recorded step, in the order the tree
   * completes them, without a compiled step (planned steps and iterations have none at hand).
   */
  private RunResult finished(RunOutcome outcome) {
    state.steps().stream()
        .sorted(Comparator.comparing(StepRecord::path, StepPath.TREE_ORDER))
        .forEach(
            record -> {
              restored.incrementAndGet();
              listener.stepRestored(null, record);
            });
    return result(outcome);
  }

  private RunResult result(RunOutcome outcome) {
    Map<String, String> ordered = new TreeMap<>(StepPath.TREE_ORDER);
    ordered.putAll(stepHashes);
    return new RunResult(
        scope.runId(),
        workflow.type(),
        workflow.seed(),
        Collections.unmodifiableMap(ordered),
        outcome.success(),
        outcome.errorCode(),
        outcome.errorMessage(),
        outcome.failedStep(),
        outcome.workflowHash(),
        restored.get());
  }
}
