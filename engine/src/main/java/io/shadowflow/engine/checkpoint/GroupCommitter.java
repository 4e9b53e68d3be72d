package io.shadowflow.engine.checkpoint;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.shadowflow.engine.failure.WorkflowFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
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
 * <p>The runs a commit releases come back within microseconds with their next step. Committing the
 * first that arrives would split them over two commits, each paying the commit's fixed cost; so the
 * writer gives them a short, bounded time to arrive and commits them together. Runs that just ended
 * are not waited for.
 */
final class GroupCommitter implements AutoCloseable {
  private record Pending(CheckpointWrite write, CompletableFuture<Void> done) {}

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
    submit(new CheckpointWrite.Step(runId, step, null));
  }

  void commitLastStep(String runId, StepRecord step, RunOutcome outcome) {
    submit(new CheckpointWrite.Step(runId, step, outcome));
  }

  void finishRun(String runId, RunOutcome outcome) {
    submit(new CheckpointWrite.End(runId, outcome, null));
  }

  private void submit(CheckpointWrite write) {
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

  private static boolean continuesRun(Pending pending) {
    return pending.write() instanceof CheckpointWrite.Step step && step.continuesRun();
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
    List<CheckpointWrite.Step> steps = new ArrayList<>();
    List<CheckpointWrite.End> ends = new ArrayList<>();
    for (Pending pending : batch) {
      if (pending.write() instanceof CheckpointWrite.Step step) {
        steps.add(step);
        if (step.end() != null) {
          ends.add(step.end());
        }
      } else {
        ends.add((CheckpointWrite.End) pending.write());
      }
    }
    try {
      Connection connection = session.connection();
      Set<String> inserted = BatchStatement.commit(connection, steps, ends);
      for (Pending pending : batch) {
        if (pending.write() instanceof CheckpointWrite.Step step) {
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

  /**
   * A step that was not new is fine if it was committed with the same hash; the run's end it
   * carried, which went only with a new step, is then committed on its own.
   */
  private static void complete(
      Connection connection, Pending pending, CheckpointWrite.Step write, Set<String> inserted) {
    if (inserted.contains(write.runId() + "/" + write.step().path())) {
      pending.done().complete(null);
      return;
    }
    try {
      String committed =
          BatchStatement.committedHash(connection, write.runId(), write.step().path());
      Conflicts.requireSameHash(write.runId(), committed, write.step());
      if (write.end() != null) {
        var alone = new CheckpointWrite.End(write.runId(), write.end().outcome(), null);
        BatchStatement.commit(connection, List.of(), List.of(alone));
      }
      pending.done().complete(null);
    } catch (SQLException e) {
      pending.done().completeExceptionally(SqlFailures.of("checking run " + write.runId(), e));
    } catch (WorkflowFailure violation) {
      pending.done().completeExceptionally(violation);
    }
  }
}
