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
}
