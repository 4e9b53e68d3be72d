package io.shadowflow.certify;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.shadowflow.api.ApiGroup;
import io.shadowflow.api.GoldenSpec;
import io.shadowflow.api.Phase;
import io.shadowflow.api.ShadowRun;
import io.shadowflow.api.Workflow;
import io.shadowflow.operator.jobs.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Items 11 to 16: the runbook's operations, done as docs/runbooks/operations.md writes them, each
 * on a Workflow whose timer keeps it running while it is interrupted; a resumed run must end with
 * the hash of the same run left alone.
 */
final class RunbookChecks {
  static final String KILL_SWITCH = "certify-kill-switch";
  private static final Duration TIMER = Duration.ofSeconds(8);
  private static final Duration STOPPED_WITHIN = Duration.ofSeconds(15);

  private RunbookChecks() {}

  /** {@code kubectl scale wf,sr --all --replicas=0}, then back: nothing runs, then it all ends. */
  static Evidence killSwitch(Certification c, Workloads workloads) throws InterruptedException {
    Running run = start(c, workloads, KILL_SWITCH);
    List<String> lines = new ArrayList<>();
    Map<String, Integer> workers = pullKillSwitch(c);
    Duration stopped = awaitNoEnginePods(c);
    lines.add(
        "kubectl scale wf,sr --all --replicas=0 -n "
            + c.namespace()
            + ": no engine pod running or pending "
            + (stopped.toMillis() / 1000.0)
            + " s after (limit "
            + STOPPED_WITHIN.toSeconds()
            + " s)");
    Workflow suspended = c.await(Workflow.class, KILL_SWITCH, w -> phase(w) == Phase.Suspended);
    lines.add("kubectl get wf " + KILL_SWITCH + ": " + suspended.getStatus().phase);
    undoKillSwitch(c, workers);
    lines.add("kubectl scale wf --all --replicas=1; each sr back to its workers " + workers);
    return finished(c, run, lines, stopped.compareTo(STOPPED_WITHIN) <= 0);
  }

  /**
   * The emergency stop of docs/runbooks/operations.md: the kill switch, then the operator to 0; its
   * undo: the operator back, then the kill switch undone.
   */
  static Evidence emergencyStop(Certification c, Workloads workloads) throws InterruptedException {
    Running run = start(c, workloads, "certify-emergency-stop");
    Map<String, Integer> workers = pullKillSwitch(c);
    Duration stopped = awaitNoEnginePods(c);
    c.installation().stopOperator();
    List<String> lines = new ArrayList<>();
    lines.add(
        "kill switch pulled: no engine pod after "
            + (stopped.toMillis() / 1000.0)
            + " s; operator scaled to 0");
    c.installation().startOperator();
    undoKillSwitch(c, workers);
    lines.add("operator scaled back, then the kill switch undone");
    return finished(c, run, lines, stopped.compareTo(STOPPED_WITHIN) <= 0);
  }

  /** The restart annotation on the kill switch's finished Workflow forks a run that succeeds. */
  static Evidence restartFromStep(Certification c) throws InterruptedException {
    Workflow before = c.await(Workflow.class, KILL_SWITCH, w -> phase(w) == Phase.Succeeded);
    String oldRun = before.getStatus().runId;
    c.client()
        .resources(Workflow.class)
        .inNamespace(c.namespace())
        .withName(KILL_SWITCH)
        .edit(w -> annotate(w, ApiGroup.RESTART_FROM_STEP, "label"));
    Workflow after =
        c.await(
            Workflow.class,
            KILL_SWITCH,
            w -> !oldRun.equals(w.getStatus().runId) && phase(w) == Phase.Succeeded);
    String lineage = after.getMetadata().getAnnotations().getOrDefault(ApiGroup.RUN_LINEAGE, "");
    String expected = ExpectedRun.hash(after, lineage).join();
    boolean same = expected.equals(after.getStatus().workflowHash);
    return Evidence.of(
        same,
        List.of(
            "kubectl annotate wf " + KILL_SWITCH + " " + ApiGroup.RESTART_FROM_STEP + "=label",
            "run "
                + oldRun
                + " -> "
                + after.getStatus().runId
                + " (lineage "
                + lineage
                + "), "
                + after.getStatus().phase
                + ", progress "
                + after.getStatus().progress,
            "hash "
                + after.getStatus().workflowHash
                + (same ? " = " : " != ")
                + "the same lineage run uninterrupted by this engine build: "
                + expected));
  }

  /** The operator stops and starts again in the middle of a run: still one Job, same hash. */
  static Evidence operatorRestart(Certification c, Workloads workloads)
      throws InterruptedException {
    String name = "certify-operator-restart";
    Running run = start(c, workloads, name);
    c.installation().stopOperator();
    c.installation().startOperator();
    List<String> lines =
        new ArrayList<>(List.of("the operator stopped and started while the run slept"));
    Evidence ended = finished(c, run, lines, true);
    List<Job> jobs =
        c.client()
            .batch()
            .v1()
            .jobs()
            .inNamespace(c.namespace())
            .withLabel(Labels.WORKFLOW, name)
            .list()
            .getItems();
    lines.add(
        "kubectl get jobs -l " + Labels.WORKFLOW + "=" + name + ": " + jobs.size() + " Job(s)");
    return Evidence.of(ended.pass() && jobs.size() == 1, lines);
  }

  /** SIGKILL to the engine in the middle of its timer: the Job's next pod resumes the run. */
  static Evidence enginePodKilled(Certification c, Workloads workloads)
      throws InterruptedException {
    String name = "certify-pod-killed";
    Running run = start(c, workloads, name);
    c.installation().killPod(c.namespace(), run.pod());
    List<String> lines =
        new ArrayList<>(List.of("killed pod " + run.pod() + " (SIGKILL) mid-timer"));
    return finished(c, run, lines, true);
  }

  /**
   * {@code spec.golden.maxCount: 2} on the Workflow the ShadowRuns recorded golden records of: the
   * operator prunes the rest on its own and says so in an Event.
   */
  static Evidence goldenRetention(Certification c) throws InterruptedException {
    String name = PreflightChecks.WORKFLOW;
    c.client()
        .resources(Workflow.class)
        .inNamespace(c.namespace())
        .withName(name)
        .edit(
            w -> {
              w.getSpec().golden = new GoldenSpec();
              w.getSpec().golden.maxCount = 2;
              return w;
            });
    Event pruned =
        Poll.until(
            "a GoldenPruned event of " + name,
            c.profile().timeout(),
            () ->
                c.client().v1().events().inNamespace(c.namespace()).list().getItems().stream()
                    .filter(
                        e ->
                            "GoldenPruned".equals(e.getReason())
                                && name.equals(e.getInvolvedObject().getName()))
                    .findFirst());
    return Evidence.pass(
        "kubectl patch wf " + name + " --type=merge -p '{\"spec\":{\"golden\":{\"maxCount\":2}}}'",
        "kubectl describe wf " + name + ": " + pruned.getReason() + " " + pruned.getMessage());
  }

  /** A Workflow sleeping in its engine pod, and the hash its run must end with. */
  private record Running(Workflow workflow, String pod, CompletableFuture<String> expected) {}

  private static Running start(Certification c, Workloads workloads, String name)
      throws InterruptedException {
    Workflow workflow = workloads.workflow(name, TIMER);
    workflow.getMetadata().setNamespace(c.namespace());
    CompletableFuture<String> expected = ExpectedRun.hash(workflow, "");
    c.recreate(workflow);
    Pod pod =
        Poll.until(
            "a running engine pod of " + name,
            c.profile().timeout(),
            () ->
                c
                    .client()
                    .pods()
                    .inNamespace(c.namespace())
                    .withLabel(Labels.WORKFLOW, name)
                    .list()
                    .getItems()
                    .stream()
                    .filter(
                        p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                    .findFirst());
    return new Running(workflow, pod.getMetadata().getName(), expected);
  }

  /** Waits for the run's end and compares its hash with the run left alone. */
  private static Evidence finished(
      Certification c, Running run, List<String> lines, boolean interruptionHeld) {
    String name = run.workflow().getMetadata().getName();
    Workflow done = c.finishedWorkflow(name);
    String expected = run.expected().join();
    boolean same = expected.equals(done.getStatus().workflowHash);
    lines.add(
        "kubectl get wf "
            + name
            + ": "
            + done.getStatus().phase
            + ", hash "
            + done.getStatus().workflowHash
            + (same ? " = " : " != ")
            + "the same run uninterrupted by this engine build: "
            + expected);
    return Evidence.of(
        interruptionHeld && done.getStatus().phase == Phase.Succeeded && same, lines);
  }

  /** Scales every Workflow and ShadowRun of the namespace to 0; returns the workers to restore. */
  static Map<String, Integer> pullKillSwitch(Certification c) {
    Map<String, Integer> workers = new TreeMap<>();
    for (ShadowRun run :
        c.client().resources(ShadowRun.class).inNamespace(c.namespace()).list().getItems()) {
      workers.put(run.getMetadata().getName(), run.getSpec().workers);
      scale(c, ShadowRun.class, run.getMetadata().getName(), 0);
    }
    scaleWorkflows(c, 0);
    return workers;
  }

  static void undoKillSwitch(Certification c, Map<String, Integer> workers) {
    scaleWorkflows(c, 1);
    workers.forEach((name, count) -> scale(c, ShadowRun.class, name, count));
  }

  private static void scaleWorkflows(Certification c, int replicas) {
    c.client()
        .resources(Workflow.class)
        .inNamespace(c.namespace())
        .list()
        .getItems()
        .forEach(w -> scale(c, Workflow.class, w.getMetadata().getName(), replicas));
  }

  /** {@code kubectl scale}: the resource's scale subresource. */
  private static <T extends HasMetadata> void scale(
      Certification c, Class<T> type, String name, int replicas) {
    c.client().resources(type).inNamespace(c.namespace()).withName(name).scale(replicas);
  }

  /** How long until no engine or worker pod of the namespace runs or waits to. */
  static Duration awaitNoEnginePods(Certification c) throws InterruptedException {
    Instant start = Instant.now();
    Poll.until(
        "no engine pods in " + c.namespace(),
        c.profile().timeout(),
        () ->
            c
                    .client()
                    .pods()
                    .inNamespace(c.namespace())
                    .withLabel(Labels.MANAGED_BY, Labels.OPERATOR)
                    .list()
                    .getItems()
                    .stream()
                    .noneMatch(
                        p ->
                            p.getStatus() != null
                                && ("Running".equals(p.getStatus().getPhase())
                                    || "Pending".equals(p.getStatus().getPhase())))
                ? Optional.of(true)
                : Optional.empty());
    return Duration.between(start, Instant.now());
  }

  static Phase phase(Workflow w) {
    return w.getStatus() == null ? null : w.getStatus().phase;
  }

  private static Workflow annotate(Workflow w, String key, String value) {
    if (w.getMetadata().getAnnotations() == null) {
      w.getMetadata().setAnnotations(new TreeMap<>());
    }
    w.getMetadata().getAnnotations().put(key, value);
    return w;
  }
}
