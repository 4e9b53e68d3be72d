package io.shadowflow.engine.manifest;

import static io.shadowflow.engine.testing.Manifests.compileYaml;
import static io.shadowflow.engine.testing.Manifests.workflowYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.InvalidManifestException;
import io.shadowflow.engine.model.Problem;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** parallel, forEach and finally steps compile to a step tree; every mistake names its field. */
class BranchingManifestTest {
  private static Map<String, String> problems(String yaml) {
    InvalidManifestException e =
        catchThrowableOfType(InvalidManifestException.class, () -> compileYaml(yaml));
    assertThat(e).as("the manifest is refused").isNotNull();
    return e.problems().stream()
        .collect(Collectors.toMap(Problem::path, Problem::message, (a, b) -> a + "; " + b));
  }

  @Test
  void compilesBranchesAndALoopBodyAtTheirPaths() {
    CompiledWorkflow workflow =
        compileYaml(
            workflowYaml(
                    "tree",
                    """
                    - name: quotes
                      kind: parallel
                      branches:
                        - {name: north, steps: [{name: ask, kind: transform, expr: '1'}]}
                        - {name: south, steps: [{name: ask, kind: transform, expr: '2'}]}
                    - name: lines
                      kind: forEach
                      items: 'input.orders'
                      as: order
                      steps: [{name: price, kind: transform, expr: 'order.qty * index'}]
                    """)
                .concat("  finally:\n    - {name: bye, kind: transform, expr: 'run.success'}\n"));

    CompiledStep quotes = workflow.steps().get(0);
    assertThat(quotes.blocks())
        .extracting(b -> b.steps().get(0).path())
        .containsExactly("steps/0/branches/north/steps/0", "steps/0/branches/south/steps/0");
    assertThat(workflow.steps().get(1).blocks().get(0).steps().get(0).path())
        .isEqualTo("steps/1/items/*/steps/0");
    assertThat(workflow.cleanup()).extracting(CompiledStep::path).containsExactly("finally/0");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no branches        | '- {name: p, kind: parallel, branches: []}'                                                              | spec.steps[0].branches            | required
          two named alike    | '- {name: p, kind: parallel, branches: [{name: a, steps: [{name: x, kind: transform, expr: "1"}]}, {name: a, steps: [{name: x, kind: transform, expr: "1"}]}]}' | spec.steps[0].branches[1].name | names another branch
          a bad child        | '- {name: p, kind: parallel, branches: [{name: a, steps: [{name: x, kind: trnsform}]}]}'                  | spec.steps[0].branches[0].steps[0].kind | unknown step kind 'trnsform'
          no items           | '- {name: l, kind: forEach, steps: [{name: x, kind: transform, expr: "1"}]}'                              | spec.steps[0].items               | required
          items not CEL      | '- {name: l, kind: forEach, items: "input.", steps: [{name: x, kind: transform, expr: "1"}]}'             | spec.steps[0].items               | does not compile
          a taken item name  | '- {name: l, kind: forEach, items: "[1]", as: steps, steps: [{name: x, kind: transform, expr: "1"}]}'     | spec.steps[0].as                  | other than
          no loop body       | '- {name: l, kind: forEach, items: "[1]"}'                                                                 | spec.steps[0].steps               | required
          maxParallel 0      | '- {name: l, kind: forEach, items: "[1]", maxParallel: 0, steps: [{name: x, kind: transform, expr: "1"}]}' | spec.steps[0].maxParallel         |
          item outside loop  | '- {name: x, kind: transform, expr: "item"}'                                                              | spec.steps[0].expr                | undeclared reference to 'item'
          run outside finally| '- {name: x, kind: transform, expr: "run.success"}'                                                       | spec.steps[0].expr                | undeclared reference to 'run'
          another branch     | '- {name: p, kind: parallel, branches: [{name: a, steps: [{name: x, kind: transform, expr: "1"}]}, {name: b, steps: [{name: y, kind: transform, expr: "steps.x.output"}]}]}' | spec.steps[0].branches[1].steps[0].expr | no step before this one has that name
          a shadowed name    | '- {name: x, kind: transform, expr: "1"}\n- {name: l, kind: forEach, items: "[1]", steps: [{name: x, kind: transform, expr: "2"}]}' | spec.steps[1].steps[0].name | already the name of a step this one can read
          """)
  void aMistakeNamesItsField(String mistake, String steps, String field, String message) {
    Map<String, String> problems = problems(workflowYaml("bad", steps.replace("\\n", "\n")));

    assertThat(problems).as(mistake).containsKey(field);
    assertThat(problems.get(field)).as(mistake).contains(message == null ? "" : message);
  }

  @Test
  void nestingDeeperThanTheLimitIsRefusedAtTheStepThatGoesTooDeep() {
    String step = "{name: x, kind: transform, expr: '1'}";
    for (int depth = 0; depth < 5; depth++) {
      step = "{name: p" + depth + ", kind: forEach, items: '[1]', steps: [" + step + "]}";
    }
    Map<String, String> problems = problems(workflowYaml("deep", "- " + step));

    assertThat(problems).containsKey("spec.steps[0].steps[0].steps[0].steps[0].steps[0].kind");
    assertThat(problems.values()).anyMatch(m -> m.contains("nest at most 4 deep"));
  }

  @Test
  void aCleanupStepReadsOnlyEarlierCleanupSteps() {
    Map<String, String> problems =
        problems(
            workflowYaml("tidy", "- {name: a, kind: transform, expr: '1'}")
                .concat(
                    """
                      finally:
                        - {name: b, kind: transform, expr: 'steps.c.output'}
                        - {name: c, kind: transform, expr: 'steps.a.output'}
                    """));

    assertThat(problems).containsOnlyKeys("spec.finally[0].expr");
    assertThat(problems.get("spec.finally[0].expr")).contains("has not run yet");
  }
}
