package io.shadowflow.engine.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Manifests that used to pass {@code validate} and fail only the run that reached the step: the CLI
 * now refuses them with exit 2 and the field's path.
 */
class ValidateRunOnlyProblemsTest {
  private static final String HEAD =
      "apiVersion: shadowflow.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: t\nspec:\n  type: t\n"
          + "  steps:\n";

  @TempDir Path temp;

  private void rejected(String steps, String... expected) throws Exception {
    Path file = temp.resolve("wf.yaml");
    Files.writeString(file, HEAD + steps);
    Cli.Outcome outcome = Cli.shadowflow("validate", file.toString());
    assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(2);
    assertThat(outcome.err()).contains(expected).doesNotContain("Exception", "\tat ");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Host|refuses it",
        "connection|refuses it",
        "Content-Length|refuses it",
        "Expect|refuses it",
        "Upgrade|refuses it",
        "'X Bad'|not a valid header name",
        "'X:Y'|not a valid header name"
      })
  void httpStepHeaderNamesTheClientRefuses(String name, String words) throws Exception {
    rejected(
        "    - name: a\n      kind: http\n      url: https://example.com/\n"
            + "      headers: {'"
            + name
            + "': v}\n",
        "spec.steps[0].headers." + name,
        words);
  }

  @ParameterizedTest
  @CsvSource({"Host", "'X Bad'"})
  void httpPlannerHeaderNamesTheClientRefuses(String name) throws Exception {
    rejected(
        "    - name: p\n      kind: plan\n      planner:\n        type: http\n"
            + "        url: https://example.com/\n        headers: {'"
            + name
            + "': v}\n",
        "spec.steps[0].planner.headers." + name);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{name: x, kind: nope}|spec.steps[0].planner.steps[0].kind|unknown step kind 'nope'",
        "{kind: transform, expr: '1'}|spec.steps[0].planner.steps[0].name|required",
        "{name: x, kind: transform, expr: '1 +'}|spec.steps[0].planner.steps[0].expr|"
      })
  void staticPlannerStepsAreCompiledLikeTopLevelSteps(String step, String path, String words)
      throws Exception {
    rejected(
        "    - name: p\n      kind: plan\n      planner:\n        type: static\n"
            + "        steps:\n          - "
            + step
            + "\n",
        path,
        words == null ? "" : words);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // a name no step has, in the dotted and the indexed form, in a transform and a body
        "{name: b, kind: transform, expr: 'steps.nope.output'}|spec.steps[1].expr"
            + "|reads steps.nope, but no step before this one has that name; it may read a",
        "{name: b, kind: transform, expr: 'steps[\"nope\"].output'}|spec.steps[1].expr"
            + "|reads steps.nope",
        "{name: b, kind: http, url: 'http://x/', body: 'steps.nope.output'}|spec.steps[1].body"
            + "|reads steps.nope",
        // the step itself, and a step that comes later
        "{name: b, kind: transform, expr: 'steps.b.output'}|spec.steps[1].expr"
            + "|reads steps.b, which has not run yet at this point (spec.steps[1])",
        "{name: b, kind: transform, expr: 'steps.c.output'}|spec.steps[1].expr"
            + "|reads steps.c, which has not run yet at this point (spec.steps[2])"
      })
  void stepsReadOnlyStepsThatRanBeforeThem(String step, String path, String words)
      throws Exception {
    rejected(
        "    - {name: a, kind: transform, expr: '1'}\n    - "
            + step
            + "\n    - {name: c, kind: transform, expr: 'steps.a.output'}\n",
        path + ": " + words);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // earlier steps, planned steps of an earlier static plan, a loop variable named steps
        "{name: b, kind: transform, expr: 'steps.a.output + steps.x.output'}",
        "{name: b, kind: transform, expr: '[1, 2].map(steps, steps * 2)'}",
        "{name: b, kind: transform, expr: 'steps[string(input.which)]'}",
      })
  void readsOfStepsThatRanBeforeAreAccepted(String step) throws Exception {
    Path file = temp.resolve("wf.yaml");
    Files.writeString(
        file,
        HEAD
            + "    - {name: a, kind: transform, expr: '1'}\n"
            + "    - name: p\n      kind: plan\n      planner:\n        type: static\n"
            + "        steps:\n          - {name: x, kind: transform, expr: 'steps.a.output'}\n"
            + "    - "
            + step
            + "\n");
    Cli.Outcome outcome = Cli.shadowflow("validate", file.toString());
    assertThat(outcome.exitCode()).as(outcome.err()).isZero();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // a planned step reads the steps before its plan and the plan's own earlier steps
        "{name: y, kind: transform, expr: 'steps.later.output'}"
            + "|which has not run yet at this point (spec.steps[1])",
        "{name: y, kind: transform, expr: 'steps.z.output'}"
            + "|which has not run yet at this point (spec.steps[0].planner.steps[1])"
      })
  void plannedStepsReadOnlyStepsThatRanBeforeThem(String step, String words) throws Exception {
    rejected(
        "    - name: p\n      kind: plan\n      planner:\n        type: static\n"
            + "        steps:\n          - "
            + step
            + "\n          - {name: z, kind: transform, expr: 'steps.y.output'}\n"
            + "    - {name: later, kind: transform, expr: 'steps.z.output'}\n",
        "spec.steps[0].planner.steps[0].expr: reads steps.",
        words);
  }
}
