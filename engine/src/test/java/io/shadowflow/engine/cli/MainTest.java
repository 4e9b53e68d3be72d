package io.shadowflow.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
  @TempDir Path temp;

  record Outcome(int exitCode, String out, String err) {}

  private static Outcome shadowflow(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Outcome(code, out.toString(), err.toString());
  }

  /** A command that fails the way the JVM does when memory or stack runs out. */
  @CommandLine.Command(name = "broken")
  static final class Broken implements Runnable {
    @CommandLine.Parameters Error error;

    @Override
    public void run() {
      throw error;
    }
  }

  private static Outcome breaking(Error error) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Broken()).registerConverter(Error.class, text -> error);
    int code = Main.execute(cli, new PrintWriter(out), new PrintWriter(err), "x");
    return new Outcome(code, out.toString(), err.toString());
  }

  @Test
  void anErrorEscapingEveryGuardIsACatalogCodeWithExit3() {
    Outcome hungry = breaking(new OutOfMemoryError("Java heap space"));
    assertThat(hungry.exitCode()).isEqualTo(Main.CANNOT_CONTINUE);
    assertThat(hungry.err())
        .startsWith("error OUT_OF_MEMORY: the engine ran out of memory")
        .contains("Java heap space", "start the run again")
        .doesNotContain("\tat ");

    Outcome deep = breaking(new StackOverflowError());
    assertThat(deep.exitCode()).isEqualTo(Main.CANNOT_CONTINUE);
    assertThat(deep.err()).startsWith("error INTERNAL_ERROR:").contains("StackOverflowError");
  }

  @Test
  void runPrintsTheHashContractAsJson() {
    String url = TestDatabase.JDBC_URL;
    String schema = TestDatabase.freshConfig().schema();
    Outcome outcome =
        shadowflow(
            "run",
            Manifests.example("reference-workflow.yaml").toString(),
            "--output",
            "json",
            "--jdbc-url",
            url,
            "--db-schema",
            schema);
    assertThat(outcome.exitCode()).isZero();
    var json = Json.parse(outcome.out());
    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly(
            "run_id",
            "workflow_type",
            "seed",
            "step_hashes",
            "success",
            "error_code",
            "workflow_hash");
    // The same manifest in memory: the store never changes a hash.
    Outcome inMemory =
        shadowflow(
            "run",
            Manifests.example("reference-workflow.yaml").toString(),
            "--output",
            "json",
            "--in-memory");
    assertThat(Json.parse(inMemory.out())).isEqualTo(json);
  }

  /** The README's first command: no database to set up, and the run is kept for a rerun. */
  @Test
  void runOnTheEmbeddedDatabaseKeepsTheRunForTheNextInvocation() {
    String[] run = {
      "run",
      Manifests.example("hello-workflow.yaml").toString(),
      "--state-dir",
      temp.toString(),
      "--output",
      "json"
    };
    Outcome first = shadowflow(run);
    assertThat(first.exitCode()).as(first.err()).isZero();
    Outcome again = shadowflow(run);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(Json.parse(again.out()).get("workflow_hash"))
        .isEqualTo(Json.parse(first.out()).get("workflow_hash"));
    assertThat(temp.resolve("postgres/PG_VERSION")).exists();
  }

  @Test
  void runPrintsEachStepAndTheHash() {
    Outcome outcome =
        shadowflow("run", Manifests.example("reference-workflow.yaml").toString(), "--in-memory");
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out())
        .contains("steps/0", "price", "steps/4", "receipt", "succeeded")
        .containsPattern("workflow hash: [0-9a-f]{64}");
  }

  @Test
  void anInvalidManifestExitsWith2AndNamesEveryField() throws Exception {
    Path bad = temp.resolve("bad.yaml");
    Files.writeString(
        bad,
        Manifests.workflowYaml("bad", "- {name: a, kind: transform}\n- {name: b, kind: nope}"));
    Outcome outcome = shadowflow("run", bad.toString(), "--in-memory");
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err())
        .contains("invalid manifest: 2 problem(s)")
        .contains("spec.steps[0].expr: required")
        .contains("spec.steps[1].kind: unknown step kind 'nope'")
        .doesNotContain("Exception");
  }

  @Test
  void aFailedWorkflowExitsWith1() throws Exception {
    Path failing = temp.resolve("failing.yaml");
    Files.writeString(
        failing, Manifests.workflowYaml("failing", "- {name: boom, kind: fail, code: HTTP_404}"));
    assertThat(shadowflow("run", failing.toString(), "--in-memory").exitCode()).isEqualTo(1);
  }

  @Test
  void anUnreachableDatabaseExitsWith3WithoutAStackTrace() {
    Outcome outcome =
        shadowflow(
            "run",
            Manifests.example("reference-workflow.yaml").toString(),
            "--jdbc-url",
            "jdbc:postgresql://127.0.0.1:1/x?connectTimeout=2");
    assertThat(outcome.exitCode()).isEqualTo(3);
    assertThat(outcome.err()).startsWith("error DATABASE_UNAVAILABLE").doesNotContain("\tat ");
  }

  @Test
  void canonicalizePrintsRfc8785Form() throws Exception {
    Path json = temp.resolve("in.json");
    Files.writeString(json, "{ \"b\": 1.50, \"a\": [true, null, \"\\u00e9\"] }");
    Outcome outcome = shadowflow("canonicalize", json.toString());
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out().strip()).isEqualTo("{\"a\":[true,null,\"é\"],\"b\":1.5}");
  }

  @Test
  void canonicalizeRejectsInvalidJson() throws Exception {
    Path json = temp.resolve("in.json");
    Files.writeString(json, "{\"a\": 1, \"a\": 2}");
    Outcome outcome = shadowflow("canonicalize", json.toString());
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).contains("not valid JSON").contains("Duplicate field 'a'");
  }

  @Test
  void catalogMarkdownIsThePageInTheDocs() throws Exception {
    Outcome outcome = shadowflow("catalog", "--markdown");
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out())
        .isEqualTo(Files.readString(Manifests.repositoryRoot().resolve("docs/failure-catalog.md")));
    assertThat(shadowflow("catalog").out()).contains("HTTP_503", "TRANSIENT", "RETRY_WITH_BACKOFF");
  }

  @Test
  void runInjectsFaultsFromFlagsAndStillEndsWithTheCleanHash() throws Exception {
    Path manifest = temp.resolve("faulty.yaml");
    // Short backoffs: the default would wait seconds per retry.
    Files.writeString(
        manifest,
        Manifests.workflowYaml(
                "faulty",
                """
                - {name: a, kind: transform, expr: '1'}
                - {name: b, kind: random, min: 1, max: 9}
                - {name: c, kind: transform, expr: 'steps.b.output + 1'}
                """)
            .replace("  steps:", "  retry: {initialInterval: 5ms, maxAttempts: 10}\n  steps:"));
    Outcome clean = shadowflow("run", manifest.toString(), "--in-memory", "--output", "json");
    Outcome faulty =
        shadowflow(
            "run",
            manifest.toString(),
            "--in-memory",
            "--output",
            "json",
            "--faults",
            "HTTP_503,CONNECTION_RESET",
            "--fault-probability",
            "0.5");
    assertThat(faulty.exitCode()).isZero();
    assertThat(Json.parse(faulty.out())).isEqualTo(Json.parse(clean.out()));

    Outcome bad = shadowflow("run", manifest.toString(), "--faults", "GREMLINS");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--faults", "GREMLINS", "HTTP_503");
    Outcome badProbability =
        shadowflow("run", manifest.toString(), "--faults", "HTTP_503", "--fault-probability", "2");
    assertThat(badProbability.exitCode()).isEqualTo(2);
    assertThat(badProbability.err()).contains("--fault-probability: must be between 0 and 1");
  }

  @Test
  void failuresSummarisesRecordedFailuresByCodeAndCategory() throws Exception {
    Path failing = temp.resolve("denied.yaml");
    Files.writeString(
        failing, Manifests.workflowYaml("denied", "- {name: boom, kind: fail, code: HTTP_403}"));
    String url = TestDatabase.JDBC_URL;
    String schema = TestDatabase.freshConfig().schema();
    assertThat(
            shadowflow("run", failing.toString(), "--jdbc-url", url, "--db-schema", schema)
                .exitCode())
        .isEqualTo(1);

    Outcome outcome =
        shadowflow("failures", "--since", "1h", "--jdbc-url", url, "--db-schema", schema);
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out())
        .containsPattern("HTTP_403\\s+PERMISSION\\s+1\\s+0\\s+1")
        .containsPattern("PERMISSION\\s+1");
    assertThat(shadowflow("failures", "--since", "soon", "--jdbc-url", url).exitCode())
        .isEqualTo(2);
  }

  @Test
  void statusShowsTheRunsProgressAndOutcome() throws Exception {
    Path failing = temp.resolve("halfway.yaml");
    Files.writeString(
        failing,
        Manifests.workflowYaml(
            "halfway",
            "- {name: a, kind: transform, expr: '1'}\n- {name: boom, kind: fail, code: HTTP_404}"));
    String url = TestDatabase.JDBC_URL;
    String schema = TestDatabase.freshConfig().schema();
    shadowflow("run", failing.toString(), "--jdbc-url", url, "--db-schema", schema);

    Outcome outcome =
        shadowflow("status", failing.toString(), "--jdbc-url", url, "--db-schema", schema);
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out())
        .contains("FAILED, 1 step(s) committed", "last checkpoint: steps/0 (a)")
        .contains("failed at steps/1: HTTP_404")
        .containsPattern("workflow hash: [0-9a-f]{64}");
  }

  @Test
  void statusOfARunNeverStartedExitsWith2AndSaysSo() throws Exception {
    Path never = temp.resolve("never.yaml");
    Files.writeString(
        never, Manifests.workflowYaml("never", "- {name: a, kind: transform, expr: '1'}"));
    String schema = TestDatabase.freshConfig().schema();
    Outcome outcome =
        shadowflow(
            "status", never.toString(), "--jdbc-url", TestDatabase.JDBC_URL, "--db-schema", schema);
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err())
        .contains("RUN_NOT_FOUND", "no run", "start it with `run`")
        .doesNotContain("SQLState", "02000", "Exception");
  }
}
