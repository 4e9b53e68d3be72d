package io.shadowflow.engine.checkpoint;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.shadowflow.engine.failure.FailureCode;
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
import java.util.function.LongFunction;
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
  private final BlockingQueue<PendingWrite> queue = new LinkedBlockingQueue<>();

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
   * Opens a run and makes this process its owner: it holds the run's lock until {@link #release}. A
   * stored run's checkpoints carry the epoch the open raised, in a durable commit; a new run is
   * answered as soon as it is locked, and stored by its first commit (see {@link #submit(String,
   * LongFunction)}).
   *
   * @return the claim, or empty when the run has ended (nothing is owned then)
   * @throws WorkflowFailure RUN_OWNED_ELSEWHERE when another process holds the run's lock
   */
  Optional<BatchStatement.Claim> open(RunDefinition run) {
    owned.reserve(run.runId());
    try {
      var claim = (BatchStatement.Claim) submit(List.of(new CheckpointWrite.Open(run)));
      if (claim == null) {
        owned.release(run.runId());
        return Optional.empty();
      }
      if (claim.epoch() == OwnedRuns.CREATING) {
        owned.toCreate(run, true);
      } else {
        owned.claimed(run.runId(), claim.epoch());
      }
      return Optional.of(claim);
    } catch (RuntimeException e) {
      owned.release(run.runId());
      throw e;
    }
  }

  /**
   * Opens a run no process has stored: this process owns it from now on, without a lock (no other
   * process can call out for it before one of its commits, see {@link #ensureLocked}); its first
   * commit stores it.
   *
   * @throws WorkflowFailure RUN_OWNED_ELSEWHERE when this process is executing the run already
   */
  void openNew(RunDefinition run) {
    owned.reserve(run.runId());
    owned.toCreate(run, false);
  }

  /**
   * Takes the lock of a new run this process opened, unless it holds it: before the run calls out.
   *
   * @throws WorkflowFailure RUN_OWNED_ELSEWHERE when another process holds the lock, or stored the
   *     run meanwhile
   */
  void ensureLocked(String runId) {
    owned.requireNotRefused(runId);
    for (var creation = owned.creation(runId); creation != null; creation = owned.creation(runId)) {
      creation.join(); // a commit on its way stores the run, locked if it goes on
    }
    if (owned.isUncreated(runId) && !owned.isLocked(runId)) {
      await(queue(List.of(new CheckpointWrite.Lock(runId))), false);
    }
  }

  /** Lets go of a run opened by {@link #open}; the lock goes with the writer's next batch. */
  void release(String runId) {
    if (owned.release(runId)) {
      queue.add(new PendingWrite(new CheckpointWrite.Release(runId)));
    }
  }

  /** The epoch this process writes the run with (see {@link OwnedRuns#epoch}). */
  long epoch(String runId) {
    return owned.epoch(runId);
  }

  void commitStep(String runId, StepRecord step) {
    submit(runId, epoch -> List.of(new CheckpointWrite.Step(runId, epoch, step, null)));
  }

  void commitLastStep(String runId, StepRecord step, RunOutcome outcome) {
    submit(runId, epoch -> List.of(new CheckpointWrite.Step(runId, epoch, step, outcome)));
  }

  /** Commits the steps in one transaction, the run's end with the last of them if given. */
  void commitSteps(String runId, List<StepRecord> steps, RunOutcome outcome) {
    int last = steps.size() - 1;
    submit(
        runId,
        epoch -> {
          List<CheckpointWrite> writes = new ArrayList<>();
          for (int i = 0; i <= last; i++) {
            writes.add(
                new CheckpointWrite.Step(runId, epoch, steps.get(i), i == last ? outcome : null));
          }
          return writes;
        });
  }

  void finishRun(String runId, RunOutcome outcome) {
    submit(runId, epoch -> List.of(new CheckpointWrite.End(runId, epoch, outcome, null)));
  }

  /** Stores the row of a new run this process opened, unless a commit has stored it already. */
  void ensureStored(String runId) {
    submit(runId, epoch -> List.of());
  }

  /**
   * Commits writes of a run, made with the epoch the run is written with. The first writes of a new
   * run store its row in the same commit; writes another thread of the run makes meanwhile wait for
   * that commit, then go with the stored run's epoch.
   */
  private Object submit(String runId, LongFunction<List<CheckpointWrite>> writes) {
    while (true) {
      RunDefinition run = owned.takeCreation(runId);
      if (run != null) {
        return create(run, writes);
      }
      CompletableFuture<Void> creation = owned.creation(runId);
      if (creation == null) {
        owned.requireNotRefused(runId);
        List<CheckpointWrite> made = writes.apply(owned.epoch(runId));
        return made.isEmpty() ? null : submit(made);
      }
      creation.join();
    }
  }

  /** Stores a new run's row with its first writes, and remembers how that went. */
  private Object create(RunDefinition run, LongFunction<List<CheckpointWrite>> writes) {
    List<PendingWrite> pendings = List.of();
    try {
      List<CheckpointWrite> all = new ArrayList<>();
      all.add(new CheckpointWrite.Create(run));
      all.addAll(writes.apply(OwnedRuns.CREATING)); // may throw: a step with no canonical form
      pendings = queue(all);
      return await(pendings, true);
    } finally {
      Throwable refusal =
          pendings.isEmpty() ? null : pendings.get(0).done().handle((ok, e) -> e).join();
      if (pendings.isEmpty() || refusal != null && !isOwnedElsewhere(refusal)) {
        owned.creationFailed(run);
      } else {
        owned.created(run.runId(), refusal == null);
      }
    }
  }

  private static boolean isOwnedElsewhere(Throwable failure) {
    return failure instanceof WorkflowFailure refused
        && refused.code() == FailureCode.RUN_OWNED_ELSEWHERE;
  }

  /**
   * Queues the writes so that the writer takes them into one batch, and waits until each is
   * committed or refused.
   *
   * @return the last write's result
   * @throws RuntimeException the first write's failure, if any failed
   */
  private Object submit(List<CheckpointWrite> writes) {
    return await(queue(writes), true);
  }

  private List<PendingWrite> queue(List<CheckpointWrite> writes) {
    if (!writer.isAlive()) {
      throw new IllegalStateException("the checkpoint store is closed");
    }
    List<PendingWrite> pendings = writes.stream().map(PendingWrite::new).toList();
    synchronized (adding) {
      queue.addAll(pendings);
    }
    return pendings;
  }

  /**
   * @param commits whether the writes are committed (all but a lock): the commit wait is measured
   */
  private Object await(List<PendingWrite> pendings, boolean commits) {
    long queued = System.nanoTime();
    RuntimeException failure = null;
    Object result = null;
    for (PendingWrite pending : pendings) {
      try {
        result = pending.done().join();
      } catch (CompletionException e) {
        failure = failure == null ? (RuntimeException) e.getCause() : failure;
      }
    }
    if (commits) {
      COMMIT_WAIT.record(System.nanoTime() - queued, TimeUnit.NANOSECONDS);
    }
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  private void writeLoop() {
    List<PendingWrite> batch = new ArrayList<>();
    int continuing = 0;
    try {
      while (true) {
        PendingWrite first = queue.poll(IDLE_RELEASE_MILLIS, TimeUnit.MILLISECONDS);
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
  private void gather(List<PendingWrite> batch, int wanted) throws InterruptedException {
    drain(batch);
    long deadline = System.nanoTime() + GATHER_NANOS;
    while (runsIn(batch) < wanted) {
      PendingWrite next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      batch.add(next);
      drain(batch);
    }
  }

  /** Takes what is queued, with the rest of any writes that are being queued together. */
  private void drain(List<PendingWrite> batch) {
    synchronized (adding) {
      queue.drainTo(batch);
    }
  }

  private static long runsIn(List<PendingWrite> batch) {
    return batch.stream().map(pending -> pending.write().runId()).distinct().count();
  }

  /** The runs that go on once the batch commits: they come back with their next commit. */
  private static int continuingRuns(List<PendingWrite> batch) {
    Set<String> continuing = new HashSet<>();
    Set<String> ending = new HashSet<>();
    for (PendingWrite pending : batch) {
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
   * let go of first, so a run released and opened again in one batch ends up locked; then the locks
   * the batch needs are taken ({@link BatchLocks}).
   */
  private void flush(List<PendingWrite> batch) {
    List<String> releases = new ArrayList<>();
    List<PendingWrite> opens = new ArrayList<>();
    List<PendingWrite> locks = new ArrayList<>();
    List<PendingWrite> creates = new ArrayList<>();
    List<CheckpointWrite.Step> steps = new ArrayList<>();
    List<CheckpointWrite.End> ends = new ArrayList<>();
    for (PendingWrite pending : batch) {
      CheckpointWrite write = pending.write();
      if (write instanceof CheckpointWrite.Release) {
        releases.add(write.runId());
      } else if (write instanceof CheckpointWrite.Open) {
        opens.add(pending);
      } else if (write instanceof CheckpointWrite.Lock) {
        locks.add(pending);
      } else if (write instanceof CheckpointWrite.Create) {
        creates.add(pending);
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
      Set<String> ending = new HashSet<>();
      ends.forEach(end -> ending.add(end.runId()));
      BatchLocks.Taken taken = BatchLocks.take(connection, owned, opens, locks, creates, ending);
      if (taken.claiming().isEmpty()
          && taken.creates().isEmpty()
          && steps.isEmpty()
          && ends.isEmpty()) {
        batch.forEach(p -> p.done().complete(null)); // all answered but the releases
        return;
      }
      BatchStatement.Result result =
          BatchStatement.commit(connection, taken.claiming(), taken.creates(), steps, ends);
      List<String> ended = new ArrayList<>();
      for (PendingWrite pending : batch) {
        CheckpointWrite write = pending.write();
        if (pending.done().isDone()) {
          continue; // answered before the commit
        }
        if (write instanceof CheckpointWrite.Open) {
          BatchStatement.Claim claim = result.claims().get(write.runId());
          if (claim == null) {
            ended.add(write.runId()); // a finished run is not owned: its lock goes at once
          }
          pending.done().complete(claim);
        } else if (write instanceof CheckpointWrite.Create) {
          BatchLocks.stored(pending, result.claims().get(write.runId()));
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
   * A step that was not new is fine if this process still owns the run and the step was committed
   * with the same hash; the run's end it carried, which went only with a new step, is then
   * committed on its own.
   */
  private static void complete(
      Connection connection,
      PendingWrite pending,
      CheckpointWrite.Step write,
      Set<String> inserted) {
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
        var result =
            BatchStatement.commit(connection, List.of(), List.of(), List.of(), List.of(alone));
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
      Connection connection, PendingWrite pending, CheckpointWrite.End end, Set<String> finished) {
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
