package io.shadowflow.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.checkpoint.InMemoryCheckpointStore;
import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.checkpoint.RunState;
import io.shadowflow.engine.checkpoint.RunStatus;
import io.shadowflow.engine.cli.Main;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.testing.EngineProcess;
import io.shadowflow.engine.testing.LocalHttpServer;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engine processes on one run (a Job pod replaced while the old one still runs): the first owns
 * the run, the second exits with status 5 having called nothing, every call is made once and the
 * run ends SUCCEEDED with the hash of a run by one process.
 */
class TwoEnginesOnOneRunTest {
  private static final List<String> CALLED = List.of("/reserve", "/notify");

  @TempDir Path temp;

  @Test
  void anEngineStartedWhileAnotherIsInACallExitsFiveAndCallsNothing() throws Exception {
    try (LocalHttpServer server = new LocalHttpServer()) {
      server.hold();
      Setup setup = setUp(server, "held");

      Process first = EngineProcess.run(setup.manifest(), setup.config(), 1);
      await().atMost(Duration.ofMinutes(1)).until(() -> server.requests().size() == 1);
      Process second = EngineProcess.run(setup.manifest(), setup.config(), 1);
      assertThat(second.waitFor(1, TimeUnit.MINUTES)).isTrue();
      assertThat(second.exitValue()).isEqualTo(Main.OWNED_ELSEWHERE);
      assertThat(server.requests()).hasSize(1);

      server.release();
      assertThat(first.waitFor(1, TimeUnit.MINUTES)).isTrue();
      assertThat(first.exitValue()).isZero();
      assertOneCallPerStepAndTheHashOfOneProcess(server, setup, 1);
    }
  }

  @Test
  void enginesStartedTogetherOrApartMakeEveryCallOnce() throws Exception {
    for (int offsetMs : new int[] {0, 400, 900}) {
      try (LocalHttpServer server = new LocalHttpServer()) {
        // Calls are answered once one engine has exited: the loser, unless it called too.
        server.hold();
        Setup setup = setUp(server, "apart-" + offsetMs); // errors of each pair apart
        Process first = EngineProcess.run(setup.manifest(), setup.config(), offsetMs);
        Thread.sleep(offsetMs);
        Process second = EngineProcess.run(setup.manifest(), setup.config(), offsetMs);
        CompletableFuture.anyOf(first.onExit(), second.onExit()).thenRun(server::release);

        assertThat(first.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(second.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(List.of(first.exitValue(), second.exitValue()))
            .as(
                "exit statuses, second engine %d ms after the first; their errors:%n%s",
                offsetMs, EngineProcess.errors(setup.manifest()))
            .containsExactlyInAnyOrder(Main.SUCCESS, Main.OWNED_ELSEWHERE);
        assertOneCallPerStepAndTheHashOfOneProcess(server, setup, offsetMs);
      }
    }
  }

  private record Setup(Path manifest, DatabaseConfig config) {}

  private Setup setUp(LocalHttpServer server, String file) throws Exception {
    Path manifest = temp.resolve(file + ".yaml");
    Files.writeString(
        manifest,
        Manifests.workflowYaml(
            "twice",
            """
            - {name: reserve, kind: http, method: POST, url: '%s', body: '{"qty": input.qty}'}
            - {name: pause, kind: sleep, duration: 200ms}
            - {name: notify, kind: http, method: POST, url: '%s', body: '{"r": steps.reserve.output.status}'}
            - {name: receipt, kind: transform, expr: '{"done": steps.notify.output.status}'}
            """
                .formatted(server.url("/reserve"), server.url("/notify"))));
    DatabaseConfig config = TestDatabase.freshConfig();
    Database.connect(config).close(); // migrated once, before the engines race
    return new Setup(manifest, config);
  }

  private static void assertOneCallPerStepAndTheHashOfOneProcess(
      LocalHttpServer server, Setup setup, long seed) throws Exception {
    CompiledWorkflow workflow =
        new WorkflowCompiler().compileFile(setup.manifest(), null).withSeed(seed);
    String runId = workflow.runId("");
    for (String path : CALLED) {
      assertThat(server.requestsTo(path)).as("POSTs to %s", path).hasSize(1);
    }
    RunState state;
    try (Database database = Database.connect(setup.config());
        var store = new PostgresCheckpointStore(database.dataSource())) {
      state = store.readRun(runId);
    }
    String alone =
        new WorkflowExecutor(new InMemoryCheckpointStore())
            .run(workflow, ExecutionListener.NONE)
            .workflowHash();
    assertThat(state.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(state.outcome().workflowHash()).isEqualTo(alone);
  }
}
