package io.shadowflow.engine.plan;

import io.shadowflow.api.PlannerSpec;

/**
 * What the planner sandbox admits. A manifest may lower {@code maxSteps} and {@code maxDepth} below
 * the hard caps; planned plan steps inherit the limits of the plan step in the manifest.
 *
 * @param maxSteps most steps in one plan
 * @param maxDepth how deeply plan steps nest, the manifest's plan step counting 1
 * @param maxPlanChars largest plan, as canonical JSON
 * @param maxFieldChars longest string anywhere in a planned step
 * @param maxExpressionNodes most syntax nodes of a planned expression
 * @param maxLoopDepth how deeply a planned expression may nest comprehensions
 * @param allowHttp whether planned steps may call out ({@code http} steps, {@code http} planners);
 *     off unless the manifest's {@code planner.allowHttp} says so, since a planner is untrusted
 */
public record PlanLimits(
    int maxSteps,
    int maxDepth,
    int maxPlanChars,
    int maxFieldChars,
    int maxExpressionNodes,
    int maxLoopDepth,
    boolean allowHttp) {
  public static final int MAX_STEPS_CAP = 1000;
  public static final int MAX_DEPTH_CAP = 4;

  /** The limits when the manifest sets none. */
  public static final PlanLimits DEFAULT = new PlanLimits(100, 2, 256 * 1024, 4096, 200, 1, false);

  /** The limits of a plan step with this planner spec. */
  public static PlanLimits of(PlannerSpec planner) {
    return new PlanLimits(
        planner.maxSteps == null ? DEFAULT.maxSteps : planner.maxSteps,
        planner.maxDepth == null ? DEFAULT.maxDepth : planner.maxDepth,
        DEFAULT.maxPlanChars,
        DEFAULT.maxFieldChars,
        DEFAULT.maxExpressionNodes,
        DEFAULT.maxLoopDepth,
        Boolean.TRUE.equals(planner.allowHttp));
  }
}
