package io.shadowflow.engine.container;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whose container step attempts an engine asks pods for: a run's, or a ShadowRun worker's. Each
 * attempt gets a key; asking twice with one key is asking for one pod.
 */
public sealed interface PodOwner {
  /** The {@code container_steps} column that names the owner, and the table it refers to. */
  String column();

  String table();

  /**
   * Whether asking for a pod notifies on the checkpoint channel, which wakes the operator up for
   * the Workflow it names; the operator polls a running ShadowRun with container steps instead.
   */
  boolean notifies();

  /** The owner's id in that column. */
  String id(ContainerRequest request);

  /** The attempt's key, computed once per attempt. */
  String key(ContainerRequest request);

  /** Whether a finished attempt's row is removed once read: a run keeps its rows as a record. */
  boolean forgetsFinished();

  /** The attempts of runs: keyed by run, step and attempt, so a resumed run finds its own. */
  record Run() implements PodOwner {
    @Override
    public String column() {
      return "run_id";
    }

    @Override
    public String table() {
      return "runs";
    }

    @Override
    public boolean notifies() {
      return true;
    }

    @Override
    public String id(ContainerRequest request) {
      return request.runId();
    }

    @Override
    public String key(ContainerRequest request) {
      return request.runId() + "/" + request.path() + "#" + request.attempt();
    }

    @Override
    public boolean forgetsFinished() {
      return false;
    }
  }

  /**
   * The attempts of one ShadowRun worker process, whose iterations run one seed's run many times:
   * keyed by the process and a count, so each iteration starts pods of its own.
   */
  record ShadowWorker(String shadowRunId, String process, AtomicLong attempts) implements PodOwner {
    public ShadowWorker(String shadowRunId) {
      this(shadowRunId, UUID.randomUUID().toString(), new AtomicLong());
    }

    @Override
    public String column() {
      return "shadow_run_id";
    }

    @Override
    public String table() {
      return "shadow_runs";
    }

    @Override
    public boolean notifies() {
      return false;
    }

    @Override
    public String id(ContainerRequest request) {
      return shadowRunId;
    }

    @Override
    public String key(ContainerRequest request) {
      return shadowRunId + "/" + process + "/" + attempts.incrementAndGet() + "/" + request.path();
    }

    @Override
    public boolean forgetsFinished() {
      return true;
    }
  }
}
