package io.shadowflow.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.checkpoint.InMemoryCheckpointStore;
import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.checkpoint.RunState;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.hash.Sha256;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.engine.testing.EngineProcess;
import io.shadowflow.engine.testing.LocalHttpServer;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine as a real child process, killed with SIGKILL at random points, against the real
 * PostgreSQL and a local HTTP server: every run must resume and end with the hash of an
 * uninterrupted run, and no committed HTTP call may be made again.
 */
class CrashResumeTest {
  private static final int TRIALS = 20;
  private static final List<String> HTTP_STEPS = List.of("steps/1", "steps/4");

  @TempDir Path temp;

  @Test
  void resumesFromLastCheckpointAfterSigkillAtRandomPoints() throws Exception {
    DatabaseConfig config = TestDatabase.freshConfig();
    try (LocalHttpServer server = new LocalHttpServer();
        Database database = Database.connect(config)) {
      Path manifest = temp.resolve("crashy.yaml");
      Files.writeString(manifest, crashyWorkflow(server));
      CompiledWorkflow workflow = new WorkflowCompiler().compileFile(manifest, null);
      var store = new PostgresCheckpointStore(database.dataSource());
      Random random = new Random(20261124);
      int interrupted = 0;

      for (int seed = 0; seed < TRIALS; seed++) {
        CompiledWorkflow seeded = workflow.withSeed(seed);
        String runId = runId(seeded);
        Process first = EngineProcess.run(manifest, config, seed);
        boolean finished = first.waitFor(200 + random.nextInt(2_000), TimeUnit.MILLISECONDS);
        if (!finished) {
          first.destroyForcibly().waitFor();
          interrupted++;
        }
        Map<String, Integer> callsOfCommittedSteps = callsOfCommittedSteps(server, store, runId);

        Process resumed = EngineProcess.run(manifest, config, seed);
        assertThat(resumed.waitFor(60, TimeUnit.SECONDS))
            .as("resumed run of seed %d ends", seed)
            .isTrue();
        String output = new String(resumed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(resumed.exitValue()).as("exit of seed %d: %s", seed, output).isZero();

        callsOfCommittedSteps.forEach(
            (key, calls) ->
                assertThat(server.requestsWithKey(key))
                    .as("calls with key %s", key)
                    .hasSize(calls));
        for (String path : HTTP_STEPS) {
          String key = idempotencyKey(runId, path);
          assertThat(server.requestsWithKey(key)).as("%s of seed %d", path, seed).isNotEmpty();
        }
        String hash = Json.parse(output).get("workflow_hash").asText();
        RunResult uninterrupted =
            new WorkflowExecutor(new InMemoryCheckpointStore()).run(seeded, ExecutionListener.NONE);
        assertThat(hash).as("hash of seed %d", seed).isEqualTo(uninterrupted.workflowHash());
      }
      assertThat(interrupted).as("trials killed mid-run").isGreaterThanOrEqualTo(TRIALS / 2);
    }
  }

  /** For each HTTP step already committed: its idempotency key and how often it was called. */
  private static Map<String, Integer> callsOfCommittedSteps(
      LocalHttpServer server, PostgresCheckpointStore store, String runId) {
    Map<String, Integer> calls = new HashMap<>();
    RunState state;
    try {
      state = store.readRun(runId);
    } catch (RuntimeException notOpenedYet) {
      return calls;
    }
    for (StepRecord step : state.steps()) {
      if (HTTP_STEPS.contains(step.path())) {
        String key = idempotencyKey(runId, step.path());
        calls.put(key, server.requestsWithKey(key).size());
      }
    }
    return calls;
  }

  /** The key every attempt of the step sends, in every process of the run. */
  private static String idempotencyKey(String runId, String path) {
    return Sha256.hex(runId + "/" + path).substring(0, 32);
  }

  private static String runId(CompiledWorkflow workflow) {
    return workflow.runId("");
  }

  private static String crashyWorkflow(LocalHttpServer server) {
    return Manifests.workflowYaml(
        "crashy",
        """
        - {name: order, kind: transform, expr: '{"item": input.item, "qty": input.qty}'}
        - {name: reserve, kind: http, method: POST, url: '%s', body: 'steps.order.output'}
        - {name: wait, kind: sleep, duration: 250ms}
        - {name: pick, kind: random, min: 1, max: 1000000}
        - {name: notify, kind: http, method: POST, url: '%s', body: '{"pick": steps.pick.output}'}
        - {name: settle, kind: sleep, duration: 250ms}
        - {name: receipt, kind: transform, expr: '{"reserved": steps.reserve.output.body.echo, "pick": steps.pick.output}'}
        """
            .formatted(server.url("/reserve"), server.url("/notify")));
  }
}
