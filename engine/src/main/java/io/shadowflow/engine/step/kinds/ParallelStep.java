package io.shadowflow.engine.step.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.api.BranchSpec;
import io.shadowflow.api.ManifestLimits;
import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.model.ComposedKind;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.Step;
import io.shadowflow.engine.model.StepPath;
import io.shadowflow.engine.model.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code parallel}: runs its branches at once, each a list of steps in order. Its output is an
 * object keyed by branch name, each the output of the branch's last step.
 */
public final class ParallelStep implements ComposedKind {
  @Override
  public String name() {
    return "parallel";
  }

  @Override
  public Set<String> fields() {
    return Set.of("branches", "maxParallel", "failFast");
  }

  @Override
  public int defaultCost() {
    return 0;
  }

  @Override
  public Step compile(StepSpec spec, String path, Problems problems) {
    if (spec.branches == null || spec.branches.isEmpty()) {
      problems.add(path + ".branches", "required: a list of branches, each {name, steps}");
      return null;
    }
    if (spec.branches.size() > ManifestLimits.BRANCHES) {
      problems.add(
          path + ".branches",
          "lists "
              + spec.branches.size()
              + " branches; a parallel step may have at most "
              + ManifestLimits.BRANCHES);
      return null;
    }
    Set<String> names = new HashSet<>();
    boolean valid = Composition.checkMaxParallel(spec, path, problems);
    for (int i = 0; i < spec.branches.size(); i++) {
      BranchSpec branch = spec.branches.get(i);
      String at = path + ".branches[" + i + "]";
      if (branch == null || !WorkflowCompiler.isStepName(branch.name)) {
        problems.add(
            at + ".name",
            "required: a letter or '_', then letters, digits, '_' or '-', at most 63 characters");
        valid = false;
      } else if (!names.add(branch.name)) {
        problems.add(
            at + ".name",
            Values.quote(branch.name) + " names another branch too; branch names must be unique");
        valid = false;
      }
      if (branch != null && (branch.steps == null || branch.steps.isEmpty())) {
        problems.add(at + ".steps", "required: a list of at least one step");
        valid = false;
      }
    }
    return valid ? RUN_BY_ITS_CHILDREN : null;
  }

  @Override
  public List<ChildList> childLists(StepSpec spec, String path) {
    List<ChildList> lists = new ArrayList<>();
    for (int i = 0; i < spec.branches.size(); i++) {
      BranchSpec branch = spec.branches.get(i);
      lists.add(
          new ChildList(
              branch.name,
              "branches[" + i + "].steps",
              StepPath.branch(path, branch.name),
              branch.steps,
              Set.of()));
    }
    return lists;
  }

  @Override
  public List<ChildRun> runs(CompiledStep step, Map<String, Object> variables) {
    return step.blocks().stream()
        .map(block -> new ChildRun(block.key(), block.steps(), Map.of()))
        .toList();
  }

  @Override
  public JsonNode input(CompiledStep step, List<ChildRun> runs) {
    ObjectNode input = Json.object();
    runs.forEach(run -> input.withArray("branches").add(run.key()));
    return input;
  }

  @Override
  public JsonNode output(List<ChildRun> runs, List<JsonNode> lastOutputs) {
    ObjectNode output = Json.object();
    for (int i = 0; i < runs.size(); i++) {
      output.set(runs.get(i).key(), lastOutputs.get(i));
    }
    return output;
  }

  @Override
  public int maxParallel(StepSpec spec) {
    return spec.maxParallel == null ? spec.branches.size() : spec.maxParallel;
  }
}
