package io.shadowflow.engine.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.testing.LocalHttpServer;
import io.shadowflow.engine.testing.TestDatabase;
import io.shadowflow.engine.testing.Workflows;
import org.junit.jupiter.api.Test;

class CheckpointedExternalsTest {
  @Test
  void aRunTakenFromItsCheckpointsStillRecordsItsExternalResults() throws Exception {
    try (Database database = TestDatabase.fresh();
        LocalHttpServer server = new LocalHttpServer()) {
      CompiledWorkflow workflow = Workflows.calling(server.url("/notify"));
      var executor = new WorkflowExecutor(new PostgresCheckpointStore(database.dataSource()));
      RunRecorder live = new RunRecorder();
      RunResult first = executor.run(workflow, live);

      // The run is finished: running it again restores every step from the step log.
      RunRecorder restored = new RunRecorder();
      RunResult again = executor.run(workflow, restored);

      assertThat(again.restoredSteps()).isEqualTo(3);
      assertThat(server.requests()).hasSize(1);
      GoldenRecord fromCheckpoints = restored.record(workflow, again, null);
      assertThat(fromCheckpoints.stepsJson())
          .isEqualTo(live.record(workflow, first, null).stepsJson());
      assertThat(fromCheckpoints.steps().get(1).external()).isNotNull();
    }
  }
}
