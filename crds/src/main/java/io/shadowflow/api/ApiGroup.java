package io.shadowflow.api;

/** Group, version and the names users write on the shadowflow custom resources, in one place. */
public final class ApiGroup {
  public static final String GROUP = "shadowflow.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** {@code kubectl get shadowflow} lists Workflows and ShadowRuns together. */
  public static final String CATEGORY = "shadowflow";

  /**
   * Annotation asking for a new run that reuses the checkpoints before the named step and executes
   * from it on; the operator removes it once the new run exists.
   */
  public static final String RESTART_FROM_STEP = GROUP + "/restart-from-step";

  /**
   * Annotation the operator keeps on a Workflow: the lineage of its current run (empty for a first
   * run). It enters the run id, so a restart gets a run of its own.
   */
  public static final String RUN_LINEAGE = GROUP + "/run-lineage";

  private ApiGroup() {}
}
