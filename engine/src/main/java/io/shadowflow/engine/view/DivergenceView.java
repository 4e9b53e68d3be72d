package io.shadowflow.engine.view;

import io.shadowflow.engine.golden.DivergenceReport.DiffLine;
import java.util.List;

/**
 * Two records of one workflow aligned by step path: the equal prefix as a count, the first
 * diverging step with both sides, and the steps after it (downstream: they may differ only because
 * of it).
 *
 * @param check replay (against the golden record), crossWorker (against the seed's first
 *     iteration), or runs (two stored runs)
 * @param equalSteps steps before the first diverging one, their hashes equal on both sides; null
 *     when the expected record is no longer stored
 * @param at the first diverging step's path, {@code outcome} or {@code run}
 * @param expectedStepHash null when the expected side has no such step, or {@code at} is no step
 * @param expected the expected side as canonical JSON ({@code null} text when it has no such step)
 * @param lines both sides indented, aligned, with every difference marked
 * @param downstream the steps after {@code at}, in tree order
 */
public record DivergenceView(
    String check,
    String expectedRunId,
    String actualRunId,
    String expectedWorkflowHash,
    String actualWorkflowHash,
    Integer equalSteps,
    String at,
    String name,
    String expectedStepHash,
    String actualStepHash,
    String expected,
    String actual,
    List<DiffLine> lines,
    List<DownstreamStep> downstream) {

  /**
   * A step after the first diverging one.
   *
   * @param expectedHash null when the expected side has no such step
   * @param actualHash null when the actual side has none, or it was not stored (a shadow replay
   *     keeps only the first diverging step of its actual run)
   */
  public record DownstreamStep(String path, String name, String expectedHash, String actualHash) {}
}
