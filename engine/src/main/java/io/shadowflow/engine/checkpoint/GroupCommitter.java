package io.shadowflow.engine.checkpoint;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.shadowflow.engine.failure.WorkflowFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
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
 * which commits with it, and the steps a run held back are queued together with the write that
 * carries them, so that they share its transaction.
 *
 * <p>The runs a commit releases come back within microseconds with their next step. Committing the
 * first that arrives would split them over two commits, each paying the commit's fixed cost; so the
 * writer gives them a short, bounded time to arrive and commits them together. Runs that just ended
 * are not waited for.
 */
final class GroupCommitter implements AutoCloseable {
  private record Pending(CheckpointWrite write, CompletableFuture<Object> done) {}

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

  private final OwnedRuns owned = new OwnedRuns();
  private final WriterSession session;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

  /** Held while writes that belong together are queued, and while the writer takes them. */
  private final Object adding = new Object();

  private final Thread writer;

  GroupCommitter(DataSource dataSource) {
    this.session = new WriterSession(dataSource, owned);
    this.writer = new Thread(this::writeLoop, "shadowflow-group-commit");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Opens a run and makes this process its owner: it holds the run's lock until {@link #release},
   * and its checkpoints carry the epoch the open raised.
   *
   * @return the claim, or empty when the run has ended (nothing is owned then)
   * @throws WorkflowFailure RUN_OWNED_ELSEWHERE when another process holds the run's lock
   */
  Optional<BatchStatement.Claim> open(RunDefinition run) {
    owned.reserve(run.runId());
    try {
      var claim = (BatchStatement.Claim) submit(new CheckpointWrite.Open(run));
      if (claim == null) {
        owned.release(run.runId());
        return Optional.empty();
      }
      owned.claimed(run.runId(), claim.epoch());
      return Optional.of(claim);
    } catch (RuntimeException e) {
      owned.release(run.runId());
      throw e;
    }
  }

  /** Lets go of a run opened by {@link #open}; the lock goes with the writer's next batch. */
  void release(String runId) {
    if (owned.release(runId)) {
      queue.add(new Pending(new CheckpointWrite.Release(runId), new CompletableFuture<>()));
    }
  }

  /** The epoch this process writes the run with (see {@link OwnedRuns#epoch}). */
  long epoch(String runId) {
    return owned.epoch(runId);
  }

  void commitStep(String runId, StepRecord step) {
    submit(new CheckpointWrite.Step(runId, owned.epoch(runId), step, null));
  }

  void commitLastStep(String runId, StepRecord step, RunOutcome outcome) {
    submit(new CheckpointWrite.Step(runId, owned.epoch(runId), step, outcome));
  }

  /** Commits the steps in one transaction, the run's end with the last of them if given. */
  void commitSteps(String runId, List<StepRecord> steps, RunOutcome outcome) {
    long epoch = owned.epoch(runId);
    int last = steps.size() - 1;
    List<CheckpointWrite> writes = new ArrayList<>();
    for (int i = 0; i <= last; i++) {
      writes.add(new CheckpointWrite.Step(runId, epoch, steps.get(i), i == last ? outcome : null));
    }
    submit(writes);
  }

  void finishRun(String runId, RunOutcome outcome) {
    submit(new CheckpointWrite.End(runId, owned.epoch(runId), outcome, null));
  }

  private Object submit(CheckpointWrite write) {
    return submit(List.of(write));
  }

  /**
   * Queues the writes so that the writer takes them into one batch, and waits until each is
   * committed or refused.
   *
   * @return the last write's result
   * @throws RuntimeException the first write's failure, if any failed
   */
  private Object submit(List<CheckpointWrite> writes) {
    if (!writer.isAlive()) {
      throw new IllegalStateException("the checkpoint store is closed");
    }
    List<Pending> pendings =
        writes.stream().map(write -> new Pending(write, new CompletableFuture<>())).toList();
    long queued = System.nanoTime();
    synchronized (adding) {
      queue.addAll(pendings);
    }
    RuntimeException failure = null;
    Object result = null;
    for (Pending pending : pendings) {
      try {
        result = pending.done().join();
      } catch (CompletionException e) {
        failure = failure == null ? (RuntimeException) e.getCause() : failure;
      }
    }
    COMMIT_WAIT.record(System.nanoTime() - queued, TimeUnit.NANOSECONDS);
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>();
    int continuing = 0;
    try {
      while (true) {
        Pending first = queue.poll(IDLE_RELEASE_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          session.releaseIfIdle();
          first = queue.take();
        }
        batch.add(first);
        gather(batch, continuing);
        flush(batch);
        BATCH_SIZE.record(batch.size());
        continuing = continuingRuns(batch);
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
    drain(batch);
    long deadline = System.nanoTime() + GATHER_NANOS;
    while (runsIn(batch) < wanted) {
      Pending next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      batch.add(next);
      drain(batch);
    }
  }

  /** Takes what is queued, with the rest of any writes that are being queued together. */
  private void drain(List<Pending> batch) {
    synchronized (adding) {
      queue.drainTo(batch);
    }
  }

  private static long runsIn(List<Pending> batch) {
    return batch.stream().map(pending -> pending.write().runId()).distinct().count();
  }

  /** The runs that go on once the batch commits: they come back with their next commit. */
  private static int continuingRuns(List<Pending> batch) {
    Set<String> continuing = new HashSet<>();
    Set<String> ending = new HashSet<>();
    for (Pending pending : batch) {
      if (pending.write() instanceof CheckpointWrite.Step step) {
        (step.continuesRun() ? continuing : ending).add(step.runId());
      }
    }
    continuing.removeAll(ending);
    return continuing.size();
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

  /**
   * Commits a batch in one statement and tells each waiting caller how its write went. Locks are
   * let go of first, so a run released and opened again in one batch ends up locked.
   */
  private void flush(List<Pending> batch) {
    List<String> releases = new ArrayList<>();
    List<Pending> opens = new ArrayList<>();
    List<CheckpointWrite.Step> steps = new ArrayList<>();
    List<CheckpointWrite.End> ends = new ArrayList<>();
    for (Pending pending : batch) {
      CheckpointWrite write = pending.write();
      if (write instanceof CheckpointWrite.Release) {
        releases.add(write.runId());
      } else if (write instanceof CheckpointWrite.Open) {
        opens.add(pending);
      } else if (write instanceof CheckpointWrite.Step step) {
        steps.add(step);
        if (step.end() != null) {
          ends.add(step.end());
        }
      } else {
        ends.add((CheckpointWrite.End) write);
      }
    }
    try {
      Connection connection = session.connection();
      if (!releases.isEmpty()) {
        ClaimStatement.unlock(connection, releases);
      }
      List<RunDefinition> claiming = lock(connection, opens);
      BatchStatement.Result result = BatchStatement.commit(connection, claiming, steps, ends);
      List<String> ended = new ArrayList<>();
      for (Pending pending : batch) {
        CheckpointWrite write = pending.write();
        if (write instanceof CheckpointWrite.Open) {
          BatchStatement.Claim claim = result.claims().get(write.runId());
          if (claim == null && !pending.done().isDone()) {
            ended.add(write.runId()); // a finished run is not owned: its lock goes at once
          }
          pending.done().complete(claim);
        } else if (write instanceof CheckpointWrite.Step step) {
          complete(connection, pending, step, result.inserted());
        } else if (write instanceof CheckpointWrite.End end) {
          complete(connection, pending, end, result.finished());
        } else {
          pending.done().complete(null);
        }
      }
      if (!ended.isEmpty()) {
        ClaimStatement.unlock(connection, ended);
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
   * Takes the locks of the runs to open; an open whose lock another process holds is refused at
   * once. Returns the runs to claim.
   */
  private static List<RunDefinition> lock(Connection connection, List<Pending> opens)
      throws SQLException {
    if (opens.isEmpty()) {
      return List.of();
    }
    List<String> runIds = opens.stream().map(p -> p.write().runId()).toList();
    Set<String> locked = ClaimStatement.lock(connection, runIds);
    List<RunDefinition> claiming = new ArrayList<>();
    for (Pending pending : opens) {
      var open = (CheckpointWrite.Open) pending.write();
      if (locked.contains(open.runId())) {
        claiming.add(open.run());
      } else {
        pending
            .done()
            .completeExceptionally(
                OwnedRuns.ownedElsewhere(
                    open.runId(),
                    "another engine process (it holds the run's lock); this one executed nothing"));
      }
    }
    return claiming;
  }

  /**
   * A step that was not new is fine if this process still owns the run and the step was committed
   * with the same hash; the run's end it carried, which went only with a new step, is then
   * committed on its own.
   */
  private static void complete(
      Connection connection, Pending pending, CheckpointWrite.Step write, Set<String> inserted) {
    if (inserted.contains(write.runId() + "/" + write.step().path())) {
      pending.done().complete(null);
      return;
    }
    try {
      RunFence.Owner owner = RunFence.requireOwner(connection, write.runId(), write.epoch());
      String committed =
          BatchStatement.committedHash(connection, write.runId(), write.step().path());
      if (committed == null) {
        throw RunFence.ended(write.runId());
      }
      Conflicts.requireSameHash(write.runId(), committed, write.step());
      if (write.end() != null && owner.status() == RunStatus.RUNNING) {
        var alone =
            new CheckpointWrite.End(write.runId(), write.epoch(), write.end().outcome(), null);
        var result = BatchStatement.commit(connection, List.of(), List.of(), List.of(alone));
        complete(connection, pending, alone, result.finished());
        return;
      }
      pending.done().complete(null);
    } catch (SQLException e) {
      pending.done().completeExceptionally(SqlFailures.of("checking run " + write.runId(), e));
    } catch (WorkflowFailure refused) {
      pending.done().completeExceptionally(refused);
    }
  }

  /**
   * An end that was not applied is fine if this process ended the run already (a repeat); any other
   * is refused.
   */
  private static void complete(
      Connection connection, Pending pending, CheckpointWrite.End end, Set<String> finished) {
    if (finished.contains(end.runId())) {
      pending.done().complete(null);
      return;
    }
    try {
      RunFence.requireOwner(connection, end.runId(), end.epoch());
      pending.done().complete(null);
    } catch (SQLException e) {
      pending.done().completeExceptionally(SqlFailures.of("checking run " + end.runId(), e));
    } catch (WorkflowFailure refused) {
      pending.done().completeExceptionally(refused);
    }
  }
}
