package io.shadowflow.certify;

/** The 20 items of the self-certification checklist, in the order they run and are reported. */
public enum Item {
  CRDS_CURRENT(Section.PREFLIGHT, "The CRDs are installed and current"),
  OPERATOR_LEADING(Section.PREFLIGHT, "The operator is ready and leading"),
  DATABASE_REACHABLE(Section.PREFLIGHT, "PostgreSQL is reachable and its migrations current"),
  ENGINE_IMAGE(Section.PREFLIGHT, "The engine image runs and reports its version and commit"),
  METRICS(Section.PREFLIGHT, "Metrics are scraped or scrapable"),
  SHADOW_CROSS_WORKER(Section.SHADOW, "A ShadowRun on 3 or more workers finds 0 mismatches"),
  SHADOW_REPLAY(Section.SHADOW, "A replay from golden records finds 0 mismatches"),
  SHADOW_CPU_STRESS(Section.SHADOW, "The same under CPU stress"),
  SHADOW_FAULTS(Section.SHADOW, "The same under fault injection of every type"),
  SHADOW_CONTINUOUS(Section.SHADOW, "A continuous ShadowRun of the chosen duration ends clean"),
  KILL_SWITCH(Section.RUNBOOK, "The kill switch stops a namespace and resumes it, same hashes"),
  RESTART_FROM_STEP(Section.RUNBOOK, "A restart from a step"),
  OPERATOR_RESTART(Section.RUNBOOK, "An operator restart makes no duplicate Jobs"),
  ENGINE_POD_KILLED(Section.RUNBOOK, "An engine pod killed mid-step resumes with the same hash"),
  GOLDEN_RETENTION(Section.RUNBOOK, "Golden retention prunes as configured"),
  EMERGENCY_STOP(Section.RUNBOOK, "The emergency stop and its undo, as the runbook writes them"),
  RULES_LOADED(Section.ALERTING, "The alert rules are loaded"),
  MISMATCH_ALERT(Section.ALERTING, "The P0 mismatch alert fires on a non-deterministic workflow"),
  DATABASE_ALERT(Section.ALERTING, "A P1 alert fires on an induced database fault"),
  RUNBOOK_LINKS(Section.ALERTING, "Every alert links a runbook section that exists");

  /** The checklist's four parts. */
  public enum Section {
    PREFLIGHT("Pre-flight"),
    SHADOW("Shadow verification"),
    RUNBOOK("Runbook operations"),
    ALERTING("Alerting");

    private final String title;

    Section(String title) {
      this.title = title;
    }

    public String title() {
      return title;
    }
  }

  private final Section section;
  private final String title;

  Item(Section section, String title) {
    this.section = section;
    this.title = title;
  }

  public Section section() {
    return section;
  }

  public String title() {
    return title;
  }

  /** Its number in the checklist, from 1. */
  public int number() {
    return ordinal() + 1;
  }
}
