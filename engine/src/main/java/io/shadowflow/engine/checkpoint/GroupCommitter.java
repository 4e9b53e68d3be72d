package io.shadowflow.engine.checkpoint;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.CanonicalJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Commits the checkpoints of concurrent runs together. PostgreSQL serialises the commits of
 * transactions that NOTIFY, which defeats its own group commit; so writes queue here, and one
 * writer thread commits everything queued in one transaction (one NOTIFY per checkpoint still)
 * while each caller waits until its own write is durable. A run's last step carries the run's end,
 * which commits with it.
 *
 * <p>The callers a commit releases come back within microseconds with their next step. Committing
 * the first that arrives would split them over two commits, each paying the commit's fixed cost; so
 * the writer gives them a short, bounded time to arrive and commits them together.
 */
final class GroupCommitter implements AutoCloseable {
  /** One statement, so one round trip and one commit, for every write of a batch. */
  private static final String COMMIT_BATCH =
      """
      WITH steps AS (
          SELECT * FROM unnest(?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[],
                               ?::text[], ?::text[], ?::bigint[], ?::int[], ?::text[])
              AS b(run_id, seq, step_path, step_name, kind, input, output, step_hash,
                   duration_ms, attempts, external)),
      inserted AS (
          INSERT INTO step_log (run_id, seq, step_path, step_name, kind, input, output, step_hash,
                                duration_ms, attempts, external)
          SELECT * FROM steps
          ON CONFLICT DO NOTHING
          RETURNING run_id, seq, step_path, step_name),
      progressed AS (
          SELECT i.run_id, r.namespace, r.name, i.seq, i.step_path, i.step_name
          FROM inserted i JOIN runs r ON r.run_id = i.run_id),
      ends AS (
          SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                               ?::int[])
              AS e(run_id, status, workflow_hash, error_code, error_message, failed_step,
                   after_seq)),
      finished AS (
          UPDATE runs r SET status = e.status, workflow_hash = e.workflow_hash,
                            error_code = e.error_code, error_message = e.error_message,
                            failed_step = e.failed_step, finished_at = now(), updated_at = now()
          FROM ends e
          WHERE r.run_id = e.run_id AND r.status = 'RUNNING'
            AND (e.after_seq IS NULL
                 OR EXISTS (SELECT 1 FROM inserted i
                            WHERE i.run_id = e.run_id AND i.seq = e.after_seq))
          RETURNING r.run_id, r.namespace, r.name, r.status),
      notified AS (
          SELECT pg_notify('%1$s', json_build_object('runId', run_id, 'namespace', namespace,
                           'name', name, 'seq', seq, 'path', step_path, 'step', step_name)::text)
          FROM progressed
          UNION ALL
          SELECT pg_notify('%1$s', json_build_object('runId', run_id, 'namespace', namespace,
                           'name', name, 'status', status)::text)
          FROM finished)
      SELECT i.run_id, i.step_path, (SELECT count(*) FROM notified) AS notifications
      FROM inserted i
      UNION ALL
      SELECT NULL, NULL, (SELECT count(*) FROM notified)
      """
          .formatted(CheckpointChannel.NAME);

  private static final String COMMITTED_HASH =
      "SELECT step_hash FROM step_log WHERE run_id = ? AND step_path = ?";

  /** A step to commit, or the end of a run to record. */
  private sealed interface Write permits StepWrite, FinishWrite {}

  /**
   * A step with its JSON already in canonical text, made by the caller's thread; with the run's end
   * when it is the run's last step.
   */
  private record StepWrite(
      String runId, StepRecord step, String input, String output, String external, FinishWrite end)
      implements Write {
    StepWrite(String runId, StepRecord step, RunOutcome end) {
      this(
          runId,
          step,
          CanonicalJson.of(step.input()),
          CanonicalJson.of(step.output()),
          step.external() == null ? null : CanonicalJson.of(step.external()),
          end == null ? null : new FinishWrite(runId, end, step.seq()));
    }
  }

  /** A run's end; when {@code afterSeq} is set, only if that step of the run commits with it. */
  private record FinishWrite(String runId, RunOutcome outcome, Integer afterSeq) implements Write {}

  private record Pending(Write write, CompletableFuture<Void> done) {}

  /** How long the writer keeps its connection with nothing to write. */
  private static final long IDLE_RELEASE_MILLIS = 1_000;

  /**
   * How long the writer waits for the runs its last commit released. Bounded because a released run
   * may be busy for longer (an HTTP call, a timer); short because one that comes back does so after
   * computing one step.
   */
  private static final long GATHER_NANOS = 100_000;

  /** How long closing waits for a batch already sent to the database. */
  private static final long CLOSE_WAIT_MILLIS = 10_000;

  /** How long runs wait for their writes to be durable: the latency every step pays. */
  private static final Timer COMMIT_WAIT =
      Timer.builder("shadowflow.checkpoint.commit")
          .description("Time from handing a checkpoint or run end to the writer to its commit")
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofNanos(100_000))
          .maximumExpectedValue(Duration.ofSeconds(10))
          .register(Metrics.globalRegistry);

  private static final DistributionSummary BATCH_SIZE =
      DistributionSummary.builder("shadowflow.checkpoint.batch")
          .description("Checkpoints and run ends committed together in one transaction")
          .register(Metrics.globalRegistry);

  private final WriterSession session;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;

  GroupCommitter(DataSource dataSource) {
    this.session = new WriterSession(dataSource);
    this.writer = new Thread(this::writeLoop, "shadowflow-group-commit");
    writer.setDaemon(true);
    writer.start();
  }

  void commitStep(String runId, StepRecord step) {
    submit(new StepWrite(runId, step, null));
  }

  void commitLastStep(String runId, StepRecord step, RunOutcome outcome) {
    submit(new StepWrite(runId, step, outcome));
  }

  void finishRun(String runId, RunOutcome outcome) {
    submit(new FinishWrite(runId, outcome, null));
  }

  private void submit(Write write) {
    Pending pending = new Pending(write, new CompletableFuture<>());
    if (!writer.isAlive()) {
      throw new IllegalStateException("the checkpoint store is closed");
    }
    long queued = System.nanoTime();
    queue.add(pending);
    try {
      pending.done().join();
    } catch (CompletionException e) {
      throw (RuntimeException) e.getCause();
    } finally {
      COMMIT_WAIT.record(System.nanoTime() - queued, TimeUnit.NANOSECONDS);
    }
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>();
    int continuing = 0;
    try {
      while (true) {
        Pending first = queue.poll(IDLE_RELEASE_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          session.release();
          first = queue.take();
        }
        batch.add(first);
        gather(batch, continuing);
        flush(batch);
        BATCH_SIZE.record(batch.size());
        continuing = (int) batch.stream().filter(GroupCommitter::continuesRun).count();
        batch.clear();
      }
    } catch (InterruptedException closing) {
      queue.drainTo(batch);
      var closed = new IllegalStateException("the checkpoint store is closed");
      batch.forEach(p -> p.done().completeExceptionally(closed));
    } finally {
      session.release();
    }
  }

  /** Whether the caller goes on with its run's next step once this write commits. */
  private static boolean continuesRun(Pending pending) {
    return pending.write() instanceof StepWrite step && step.end() == null;
  }

  /**
   * Adds what is queued to the batch, and what arrives while it holds fewer than {@code wanted}.
   */
  private void gather(List<Pending> batch, int wanted) throws InterruptedException {
    queue.drainTo(batch);
    long deadline = System.nanoTime() + GATHER_NANOS;
    while (batch.size() < wanted) {
      Pending next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      batch.add(next);
      queue.drainTo(batch);
    }
  }

  /** Stops the writer and waits until its connection is back in the pool. */
  @Override
  public void close() {
    writer.interrupt();
    try {
      writer.join(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Commits a batch in one statement and tells each waiting caller how its write went. */
  private void flush(List<Pending> batch) {
    List<StepWrite> steps = new ArrayList<>();
    List<FinishWrite> ends = new ArrayList<>();
    for (Pending pending : batch) {
      if (pending.write() instanceof StepWrite step) {
        steps.add(step);
        if (step.end() != null) {
          ends.add(step.end());
        }
      } else {
        ends.add((FinishWrite) pending.write());
      }
    }
    try {
      Connection connection = session.connection();
      Set<String> inserted = commit(connection, steps, ends);
      for (Pending pending : batch) {
        if (pending.write() instanceof StepWrite step) {
          complete(connection, pending, step, inserted);
        } else {
          pending.done().complete(null);
        }
      }
    } catch (SQLException e) {
      session.release();
      WorkflowFailure failure = SqlFailures.of("committing " + batch.size() + " checkpoint(s)", e);
      batch.forEach(p -> p.done().completeExceptionally(failure));
    } catch (RuntimeException bug) {
      // Whatever went wrong, no caller may wait for ever, and the writer goes on with the next.
      session.release();
      batch.forEach(p -> p.done().completeExceptionally(bug));
    }
  }

  /** Runs the batch statement; returns the {@code run_id/step_path} of the steps that were new. */
  private static Set<String> commit(
      Connection connection, List<StepWrite> steps, List<FinishWrite> ends) throws SQLException {
    int n = steps.size();
    String[] runIds = new String[n],
        paths = new String[n],
        names = new String[n],
        kinds = new String[n];
    String[] inputs = new String[n], outputs = new String[n], hashes = new String[n];
    String[] externals = new String[n];
    Integer[] seqs = new Integer[n], attempts = new Integer[n];
    Long[] durations = new Long[n];
    for (int i = 0; i < n; i++) {
      StepWrite write = steps.get(i);
      StepRecord step = write.step();
      runIds[i] = write.runId();
      seqs[i] = step.seq();
      paths[i] = step.path();
      names[i] = step.name();
      kinds[i] = step.kind();
      inputs[i] = write.input();
      outputs[i] = write.output();
      hashes[i] = step.stepHash();
      durations[i] = step.durationMs();
      attempts[i] = step.attempts();
      externals[i] = write.external();
    }
    int m = ends.size();
    String[] endRunIds = new String[m], statuses = new String[m], workflowHashes = new String[m];
    String[] codes = new String[m], messages = new String[m], failedSteps = new String[m];
    Integer[] afterSeqs = new Integer[m];
    for (int i = 0; i < m; i++) {
      RunOutcome outcome = ends.get(i).outcome();
      endRunIds[i] = ends.get(i).runId();
      afterSeqs[i] = ends.get(i).afterSeq();
      statuses[i] = outcome.status().name();
      workflowHashes[i] = outcome.workflowHash();
      codes[i] = outcome.errorCode();
      messages[i] = outcome.errorMessage();
      failedSteps[i] = outcome.failedStep();
    }
    Set<String> inserted = new HashSet<>();
    try (PreparedStatement commit = connection.prepareStatement(COMMIT_BATCH)) {
      Object[][] arrays = {
        runIds,
        seqs,
        paths,
        names,
        kinds,
        inputs,
        outputs,
        hashes,
        durations,
        attempts,
        externals,
        endRunIds,
        statuses,
        workflowHashes,
        codes,
        messages,
        failedSteps,
        afterSeqs
      };
      String[] types = {
        "text", "int4", "text", "text", "text", "text", "text", "text", "int8", "int4", "text",
        "text", "text", "text", "text", "text", "text", "int4"
      };
      for (int i = 0; i < arrays.length; i++) {
        commit.setArray(i + 1, connection.createArrayOf(types[i], arrays[i]));
      }
      try (ResultSet rows = commit.executeQuery()) {
        while (rows.next()) {
          if (rows.getString(1) != null) {
            inserted.add(rows.getString(1) + "/" + rows.getString(2));
          }
        }
      }
    }
    return inserted;
  }

  /**
   * A step that was not new is fine if it was committed with the same hash; the run's end it
   * carried, which went only with a new step, is then committed on its own.
   */
  private static void complete(
      Connection connection, Pending pending, StepWrite write, Set<String> inserted) {
    if (inserted.contains(write.runId() + "/" + write.step().path())) {
      pending.done().complete(null);
      return;
    }
    try (PreparedStatement select = connection.prepareStatement(COMMITTED_HASH)) {
      select.setString(1, write.runId());
      select.setString(2, write.step().path());
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new SQLException("run " + write.runId() + " does not exist", "02000");
        }
        Conflicts.requireSameHash(write.runId(), row.getString(1), write.step());
      }
      if (write.end() != null) {
        commit(
            connection,
            List.of(),
            List.of(new FinishWrite(write.runId(), write.end().outcome(), null)));
      }
      pending.done().complete(null);
    } catch (SQLException e) {
      pending.done().completeExceptionally(SqlFailures.of("checking run " + write.runId(), e));
    } catch (WorkflowFailure violation) {
      pending.done().completeExceptionally(violation);
    }
  }
}
