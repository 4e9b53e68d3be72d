package io.shadowflow.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.child.ChildWorkflows;
import io.shadowflow.engine.container.ContainerRunner;
import io.shadowflow.engine.run.SeededRandom;
import io.shadowflow.engine.secret.SecretDirectory;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The only door from a step to anything non-deterministic. What passes through it is seeded or
 * recorded, so a resumed or replayed run sees the same values.
 */
public interface StepContext {
  String runId();

  long seed();

  /** The Workflow the run belongs to. */
  RunOwner workflow();

  /** The step's address in the workflow, e.g. {@code steps/3}. */
  String path();

  /** The attempt being made, from 1; recorded, so a resumed attempt keeps its number. */
  int attempt();

  /** This step's own seeded random stream. */
  SeededRandom random();

  /** Deterministic time: the run's recorded start plus the recorded durations of its steps. */
  Instant now();

  /** Variables for expressions: {@code input} and {@code steps}, as CEL values. */
  Map<String, Object> variables();

  /**
   * Waits on a durable timer: after a crash only the time left is waited. A replay waits for no
   * timer, since time inside a run is derived from the record.
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * When this step's durable timer of {@code duration} is due: started on the first call, so after
   * a crash the step waits only for what is left.
   */
  Instant timer(Duration duration);

  /**
   * Waits for the run's signal {@code name} and returns its payload; empty once {@code due} (a
   * {@link #timer}'s) has passed without it. Call it only inside {@link #external}.
   *
   * @param due null to wait as long as it takes
   */
  Optional<JsonNode> awaitSignal(String name, Instant due) throws InterruptedException;

  /** Where secret values are read; read them only inside {@link #external}, never record them. */
  SecretDirectory secrets();

  /** What runs container steps; use it only inside {@link #external}. */
  ContainerRunner containers();

  /** What runs child workflows; use it only inside {@link #external}. */
  ChildWorkflows children();

  /** The client for external calls; use it only inside {@link #external}. */
  HttpClient http();

  /**
   * The result of an external call, the only way a step may reach outside the run. A live run makes
   * {@code call} and records its result with the step; a replay serves the recorded result and
   * never calls, failing with DETERMINISM_VIOLATION when the record holds no result under {@code
   * key}.
   *
   * @param key names the call within the step, e.g. {@code response}
   */
  JsonNode external(String key, ExternalCall call) throws InterruptedException;

  /**
   * A key that is the same for every attempt of this step in every process of the run: the first 32
   * hex characters of {@code sha256(runId + "/" + path)}, so a server sees a retried call as the
   * same call.
   */
  String idempotencyKey();
}
