package io.shadowflow.engine.testing;

import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.Step;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Workflows several tests share. */
public final class Workflows {
  private Workflows() {}

  /** The reference workflow with a {@code wallclock} step at {@code steps/2}. */
  public static CompiledWorkflow nonDeterministicAtStep2() {
    return Manifests.compileYaml(
        Manifests.workflowYaml(
            "drifting",
            """
            - {name: price, kind: transform, expr: '{"price": input.qty * 3}'}
            - {name: pick, kind: random, choice: [red, green, blue]}
            - {name: clock, kind: wallclock}
            - {name: label, kind: transform, expr: 'input.item + "/" + steps.pick.output'}
            """));
  }

  /** One http step calling {@code url}, then a transform of its response. */
  public static CompiledWorkflow calling(String url) {
    return Manifests.compileYaml(
        Manifests.workflowYaml(
            "calling",
            """
            - {name: price, kind: transform, expr: '{"price": input.qty * 3}'}
            - {name: notify, kind: http, method: POST, url: '%s', body: '{"p": steps.price.output.price}'}
            - {name: echoed, kind: transform, expr: 'steps.notify.output.body.echo.p * 2'}
            """
                .formatted(url)));
  }

  /**
   * Branches and a loop, with a {@code wallclock} step at {@code steps/0/branches/b/steps/1} when
   * {@code inABranch}, else at {@code steps/1/items/1/steps/0} (iteration 1 of the loop).
   */
  public static CompiledWorkflow nonDeterministicInside(boolean inABranch) {
    String clock = "{name: clock, kind: wallclock%s}";
    return Manifests.compileYaml(
        Manifests.workflowYaml(
            "drifting-tree",
            """
            - name: quotes
              kind: parallel
              branches:
                - {name: a, steps: [{name: pick, kind: random, min: 1, max: 9}]}
                - {name: b, steps: [{name: pick, kind: random, min: 1, max: 9}, %s]}
            - name: lines
              kind: forEach
              items: '[10, 20, 30]'
              steps:
                - %s
                - {name: total, kind: transform, expr: 'item + steps.quotes.output.a'}
            """
                .formatted(
                    clock.formatted(inABranch ? "" : ", when: 'false'"),
                    clock.formatted(inABranch ? ", when: 'false'" : ", when: 'index == 1'"))));
  }

  /**
   * {@code workflow} with its top-level steps counting their executions by path; the step at {@code
   * crashAt} fails as if the database had gone (the run stops, to resume later).
   */
  public static CompiledWorkflow counting(
      CompiledWorkflow workflow, Map<String, AtomicInteger> executions, String crashAt) {
    List<CompiledStep> steps =
        workflow.steps().stream()
            .map(
                s -> {
                  Step counted =
                      context -> {
                        executions
                            .computeIfAbsent(s.path(), p -> new AtomicInteger())
                            .incrementAndGet();
                        if (s.path().equals(crashAt)) {
                          throw new WorkflowFailure(
                              FailureCode.DATABASE_UNAVAILABLE, "simulated crash");
                        }
                        return s.step().execute(context);
                      };
                  return s.runBy(counted);
                })
            .toList();
    return workflow.withSteps(steps);
  }
}
