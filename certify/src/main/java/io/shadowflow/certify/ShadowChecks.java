package io.shadowflow.certify;

import io.shadowflow.api.Phase;
import io.shadowflow.api.ShadowRun;
import java.time.Duration;
import java.util.List;

/** Items 6 to 10: ShadowRuns of the certification Workflow find no mismatch, whatever the load. */
final class ShadowChecks {
  private ShadowChecks() {}

  /** Every seed on several workers, and its golden record recorded (mode both). */
  static Evidence crossWorker(Certification c, Workloads workloads) {
    return oneCycle(
        c, workloads.shadowRun("certify-cross-worker", PreflightChecks.WORKFLOW, "both", ""));
  }

  /**
   * Every seed against the golden record the cross-worker run recorded: none may be recorded now,
   * or that seed was not compared.
   */
  static Evidence replay(Certification c, Workloads workloads) {
    return awaitClean(
        c,
        workloads.shadowRun("certify-replay", PreflightChecks.WORKFLOW, "replay", ""),
        c.profile().timeout(),
        true);
  }

  static Evidence cpuStress(Certification c, Workloads workloads) {
    return oneCycle(
        c,
        workloads.shadowRun(
            "certify-cpu-stress", PreflightChecks.WORKFLOW, "both", "cpuStress: 2"));
  }

  static Evidence faults(Certification c, Workloads workloads) {
    return oneCycle(
        c,
        workloads.shadowRun(
            "certify-faults", PreflightChecks.WORKFLOW, "crossWorker", Workloads.everyFault()));
  }

  /** Cycles for the profile's duration; passes when the run ends with 0 mismatches. */
  static Evidence continuous(Certification c, Workloads workloads) {
    Profile p = c.profile();
    ShadowRun run =
        workloads.shadowRun(
            "certify-continuous",
            PreflightChecks.WORKFLOW,
            "both",
            "duration: %ds\ninterval: %ds"
                .formatted(p.shadowDuration().toSeconds(), p.shadowInterval().toSeconds()));
    return awaitClean(c, run, p.shadowDuration().plus(p.timeout()), false);
  }

  private static Evidence oneCycle(Certification c, ShadowRun run) {
    return awaitClean(c, run, c.profile().timeout(), false);
  }

  /**
   * @param everyReplayCompared whether a golden record recorded by this run (a seed not compared)
   *     fails it
   */
  private static Evidence awaitClean(
      Certification c, ShadowRun run, Duration timeout, boolean everyReplayCompared) {
    String name = run.getMetadata().getName();
    c.recreate(run);
    ShadowRun done = c.finishedShadowRun(name, timeout);
    var status = done.getStatus();
    boolean pass =
        status.phase == Phase.Succeeded
            && status.mismatches != null
            && status.mismatches == 0
            && status.workflowsReplayed != null
            && status.workflowsReplayed > 0
            && (!everyReplayCompared || Long.valueOf(0).equals(status.goldenRecorded));
    return Evidence.of(
        pass,
        List.of(
            "kubectl get sr "
                + name
                + " -o jsonpath={.status.phase} {.status.cycles} {.status.workflowsReplayed}"
                + " {.status.mismatches} {.status.goldenRecorded}: "
                + status.phase
                + " "
                + status.cycles
                + " "
                + status.workflowsReplayed
                + " "
                + status.mismatches
                + " "
                + status.goldenRecorded,
            "spec: " + c.client().getKubernetesSerialization().asJson(done.getSpec())));
  }
}
