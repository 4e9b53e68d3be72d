package io.shadowflow.engine.cli;

import static io.shadowflow.engine.testing.Cli.shadowflow;
import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.testing.Cli.Outcome;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenCommandTest {
  private static final Pattern RUN_ID = Pattern.compile("\"run_id\":\"(run-[0-9a-f]{32})\"");

  @TempDir Path temp;

  private final String schema = TestDatabase.freshConfig().schema();

  private Outcome withDatabase(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--jdbc-url", TestDatabase.JDBC_URL, "--db-schema", schema));
    return shadowflow(all.toArray(String[]::new));
  }

  /** Runs the golden-recording workflow with {@code seed} and returns its run id. */
  private String recordedRun(Path manifest, int seed) {
    Outcome run = withDatabase("run", manifest.toString(), "--seed", "" + seed, "--output", "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    Matcher id = RUN_ID.matcher(run.out());
    assertThat(id.find()).isTrue();
    return id.group(1);
  }

  private Path recordingWorkflow() throws Exception {
    Path manifest = temp.resolve("golden.yaml");
    String yaml =
        Manifests.workflowYaml(
                "golden",
                "- {name: pick, kind: random, min: 1, max: 1000000}\n"
                    + "- {name: twice, kind: transform, expr: 'steps.pick.output * 2'}")
            .replace("spec:\n", "spec:\n  golden: {record: true, maxCount: 2}\n");
    Files.writeString(manifest, yaml);
    return manifest;
  }

  @Test
  void runRecordsAGoldenRecordAndDiffShowsTheFirstDivergingStep() throws Exception {
    Path manifest = recordingWorkflow();
    Outcome text = withDatabase("run", manifest.toString());
    assertThat(text.out()).contains("golden record: recorded");
    Outcome again = withDatabase("run", manifest.toString());
    assertThat(again.out()).contains("golden record: matched");

    String a = recordedRun(manifest, 1);
    String b = recordedRun(manifest, 2);
    Outcome same = withDatabase("golden", "diff", a, a);
    assertThat(same.exitCode()).isZero();
    assertThat(same.out()).contains("identical");

    Outcome diff = withDatabase("golden", "diff", a, b);
    assertThat(diff.exitCode()).isEqualTo(Main.MISMATCH);
    assertThat(diff.out())
        .contains("A " + a, "B " + b, "engine ")
        .contains("first diverging step: steps/0 (pick)")
        .contains("--- expected", "+++ actual");

    Outcome missing = withDatabase("golden", "diff", a, "run-nope");
    assertThat(missing.exitCode()).isEqualTo(Main.INVALID_INPUT);
    assertThat(missing.err()).contains("RUN_B: no golden record with run id 'run-nope'");
  }

  @Test
  void replayReproducesARecordedRunFromItsGoldenRecord() throws Exception {
    Path manifest = recordingWorkflow();
    String runId = recordedRun(manifest, 7);
    Outcome replay = withDatabase("golden", "replay", manifest.toString(), "--seed", "7");
    assertThat(replay.exitCode()).as(replay.err()).isZero();
    assertThat(replay.out()).contains("replayed " + runId, "reproduced, workflow hash");

    Outcome unrecorded = withDatabase("golden", "replay", manifest.toString(), "--seed", "8");
    assertThat(unrecorded.exitCode()).isEqualTo(Main.INVALID_INPUT);
    assertThat(unrecorded.err()).contains("no golden record of", "with seed 8");
  }

  @Test
  void pruneAppliesTheManifestsRetentionOrTheOptions() throws Exception {
    Path manifest = recordingWorkflow();
    for (int seed = 1; seed <= 4; seed++) {
      recordedRun(manifest, seed);
    }
    Outcome byManifest = withDatabase("golden", "prune", manifest.toString());
    assertThat(byManifest.out()).contains("pruned 2 golden record(s)");

    Outcome byOption = withDatabase("golden", "prune", "--max-count", "1");
    assertThat(byOption.out()).contains("pruned 1 golden record(s)");

    Outcome unbounded = withDatabase("golden", "prune");
    assertThat(unbounded.exitCode()).isEqualTo(Main.INVALID_INPUT);
    assertThat(unbounded.err()).contains("give maxAge, maxCount or both");
  }
}
