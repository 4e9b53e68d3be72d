package io.shadowflow.engine.cli;

import static io.shadowflow.engine.testing.Cli.shadowflow;
import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.testing.Cli.Outcome;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShadowCommandTest {
  @TempDir Path temp;

  private final String reference = Manifests.example("reference-workflow.yaml").toString();

  @Test
  void aDeterministicWorkflowPrintsProgressAndASummaryAndExits0() {
    Outcome outcome =
        shadowflow(
            "shadow",
            reference,
            "--seeds",
            "0..300",
            "--iterations",
            "3",
            "--workers",
            "3",
            "--in-memory");
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out())
        .contains("mode crossWorker, seeds 0..300 (shard 0/1), 3 iteration(s), 3 worker(s)")
        .containsPattern("cycle 0: 900 iterations, 0 mismatch\\(es\\) in [0-9.]+ s")
        .contains("1 cycle(s), 900 workflows replayed, 0 mismatch(es)")
        .containsPattern("p50 [0-9.]+ ms, p95 [0-9.]+ ms, p99 [0-9.]+ ms")
        .contains("deterministic: every run reproduced its hash")
        .doesNotContain("\r");
  }

  @Test
  void crossWorkerWithOneIterationSaysNothingWasComparedAndExits2() {
    String[] args = {
      "shadow",
      reference,
      "--seeds",
      "0..5",
      "--iterations",
      "1",
      "--mode",
      "crossWorker",
      "--in-memory"
    };
    Outcome outcome = shadowflow(args);
    assertThat(outcome.exitCode()).isEqualTo(Main.INVALID_INPUT);
    assertThat(outcome.out())
        .contains("5 workflows replayed, 0 mismatch(es)")
        .contains("nothing compared")
        .contains("--iterations 2")
        .doesNotContain("deterministic");

    String[] reportOnly = Arrays.copyOf(args, args.length + 1);
    reportOnly[args.length] = "--no-fail-on-mismatch";
    Outcome worker = shadowflow(reportOnly);
    assertThat(worker.exitCode()).isZero();
    assertThat(worker.out()).contains("nothing compared");
  }

  @Test
  void aNegativeCycleIsRefusedNamingTheOption() {
    Outcome outcome = shadowflow("shadow", reference, "--cycle", "-1", "--in-memory");
    assertThat(outcome.exitCode()).isEqualTo(Main.INVALID_INPUT);
    assertThat(outcome.err()).contains("cycle must be at least 0, got -1");
  }

  @Test
  void aMismatchIsReportedAtItsStepAndExits4() throws Exception {
    Path drifting = temp.resolve("drifting.yaml");
    Files.writeString(
        drifting,
        Manifests.workflowYaml(
            "drifting",
            "- {name: pick, kind: random, choice: [a, b]}\n- {name: clock, kind: wallclock}"));
    Outcome outcome =
        shadowflow(
            "shadow",
            drifting.toString(),
            "--seeds",
            "0..4",
            "--mode",
            "replay",
            "--jdbc-url",
            TestDatabase.JDBC_URL,
            "--db-schema",
            TestDatabase.freshConfig().schema());
    assertThat(outcome.exitCode()).isEqualTo(Main.MISMATCH);
    assertThat(outcome.out())
        .contains("12 mismatch(es), 4 golden record(s) recorded")
        .contains("NOT deterministic. Last mismatch: seed")
        .contains("first diverging step: steps/1 (clock)")
        .contains("--- expected", "+++ actual");
  }

  @Test
  void injectedStopsAreResumedAndTheShadowRunGoesOn() {
    Outcome outcome =
        shadowflow(
            "shadow",
            reference,
            "--seeds",
            "0..40",
            "--iterations",
            "2",
            "--workers",
            "2",
            "--in-memory",
            "--faults",
            "DISK_FULL,OUT_OF_MEMORY",
            "--fault-probability",
            "0.3");
    assertThat(outcome.exitCode()).as(outcome.err()).isZero();
    assertThat(outcome.out())
        .contains("1 cycle(s), 80 workflows replayed, 0 mismatch(es)")
        .contains("deterministic: every run reproduced its hash");
  }

  @Test
  void aFaultNameOutsideTheVocabularyIsRejectedWithTheValidNames() {
    Outcome outcome =
        shadowflow(
            "shadow", reference, "--seeds", "0..3", "--in-memory", "--faults", "DB_DISK_FULL");
    assertThat(outcome.exitCode()).isEqualTo(Main.INVALID_INPUT);
    assertThat(outcome.err())
        .contains("--faults", "DB_DISK_FULL", "DISK_FULL", "CONNECTION_RESET", "OUT_OF_MEMORY");
  }

  @Test
  void badOptionsNameTheFieldAndTheFix() {
    Outcome noSeeds = shadowflow("shadow", reference, "--seeds", "9..3", "--in-memory");
    assertThat(noSeeds.exitCode()).isEqualTo(Main.INVALID_INPUT);
    assertThat(noSeeds.err()).contains("--seeds").contains("TO must be above FROM");

    Outcome badShard =
        shadowflow("shadow", reference, "--shard-index", "2", "--shard-count", "2", "--in-memory");
    assertThat(badShard.exitCode()).isEqualTo(Main.INVALID_INPUT);
    assertThat(badShard.err())
        .contains("shard index must be between 0 and shard count - 1 (1), got 2");

    Outcome badDuration = shadowflow("shadow", reference, "--duration", "forever", "--in-memory");
    assertThat(badDuration.err()).contains("'forever' is not a duration like 500ms");
  }
}
