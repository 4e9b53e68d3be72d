package io.shadowflow.certify;

import java.util.EnumMap;
import java.util.Map;

/** Which check proves which item. */
final class Checklist {
  private Checklist() {}

  static Map<Item, Check> checks(Workloads workloads) {
    Map<Item, Check> checks = new EnumMap<>(Item.class);
    checks.put(Item.CRDS_CURRENT, PreflightChecks::crdsCurrent);
    checks.put(Item.OPERATOR_LEADING, PreflightChecks::operatorLeading);
    checks.put(Item.DATABASE_REACHABLE, c -> PreflightChecks.databaseReachable(c, workloads));
    checks.put(Item.ENGINE_IMAGE, PreflightChecks::engineImage);
    checks.put(Item.METRICS, PreflightChecks::metrics);
    checks.put(Item.SHADOW_CROSS_WORKER, c -> ShadowChecks.crossWorker(c, workloads));
    checks.put(Item.SHADOW_REPLAY, c -> ShadowChecks.replay(c, workloads));
    checks.put(Item.SHADOW_CPU_STRESS, c -> ShadowChecks.cpuStress(c, workloads));
    checks.put(Item.SHADOW_FAULTS, c -> ShadowChecks.faults(c, workloads));
    checks.put(Item.SHADOW_CONTINUOUS, c -> ShadowChecks.continuous(c, workloads));
    checks.put(Item.KILL_SWITCH, c -> RunbookChecks.killSwitch(c, workloads));
    checks.put(Item.RESTART_FROM_STEP, RunbookChecks::restartFromStep);
    checks.put(Item.OPERATOR_RESTART, c -> RunbookChecks.operatorRestart(c, workloads));
    checks.put(Item.ENGINE_POD_KILLED, c -> RunbookChecks.enginePodKilled(c, workloads));
    checks.put(Item.GOLDEN_RETENTION, RunbookChecks::goldenRetention);
    checks.put(Item.EMERGENCY_STOP, c -> RunbookChecks.emergencyStop(c, workloads));
    checks.put(Item.RULES_LOADED, AlertingChecks::rulesLoaded);
    checks.put(Item.MISMATCH_ALERT, c -> AlertingChecks.mismatchAlert(c, workloads));
    checks.put(Item.DATABASE_ALERT, c -> AlertingChecks.databaseAlert(c, workloads));
    checks.put(Item.RUNBOOK_LINKS, AlertingChecks::runbookLinks);
    return checks;
  }
}
