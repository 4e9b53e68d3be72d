package io.shadowflow.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.checkpoint.CheckpointStore;
import io.shadowflow.engine.child.ChildWorkflows;
import io.shadowflow.engine.container.ContainerRunner;
import io.shadowflow.engine.hash.Sha256;
import io.shadowflow.engine.model.ExternalCall;
import io.shadowflow.engine.model.RunOwner;
import io.shadowflow.engine.model.StepContext;
import io.shadowflow.engine.run.SeededRandom;
import io.shadowflow.engine.secret.SecretDirectory;
import io.shadowflow.engine.signal.SignalBox;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@link StepContext} of one attempt of one step. */
final class ExecutionContext implements StepContext {
  /** How often a waiting step looks for its signal. */
  private static final Duration SIGNAL_POLL = Duration.ofMillis(200);

  private final RunScope run;
  private final String path;
  private final int attempt;
  private final Instant now;
  private final Map<String, Object> variables;
  private SeededRandom random;
  private ExternalResults externals;

  /**
   * What every step of one run shares.
   *
   * @param replayFrom null in a live run; the recorded external results in a replay
   */
  record RunScope(
      RunOwner owner,
      String runId,
      long seed,
      CheckpointStore store,
      HttpClient http,
      SecretDirectory secrets,
      ContainerRunner containers,
      SignalBox signals,
      ChildWorkflows children,
      Parking parking,
      Clock wallClock,
      Sleeper sleeper,
      RecordedExternals replayFrom,
      ExecutionListener listener) {
    /**
     * Waits until {@code due} on the wall clock; returns at once if it has passed.
     *
     * @throws RunParked when the wait is longer than the run may wait in place
     */
    void waitUntil(Instant due) throws InterruptedException {
      Duration left = Duration.between(wallClock.instant(), due);
      if (parking.parks(left)) {
        throw new RunParked(Set.of(), due);
      }
      if (!left.isNegative() && !left.isZero()) {
        sleeper.sleep(left);
      }
    }
  }

  ExecutionContext(
      RunScope run, String path, int attempt, Instant now, Map<String, Object> variables) {
    this.run = run;
    this.path = path;
    this.attempt = attempt;
    this.now = now;
    this.variables = variables;
  }

  @Override
  public String runId() {
    return run.runId();
  }

  @Override
  public long seed() {
    return run.seed();
  }

  @Override
  public RunOwner workflow() {
    return run.owner();
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public SeededRandom random() {
    if (random == null) {
      random = new SeededRandom(run.seed(), path);
    }
    return random;
  }

  @Override
  public Instant now() {
    return now;
  }

  @Override
  public Map<String, Object> variables() {
    return variables;
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (duration.isZero() || duration.isNegative() || run.replayFrom() != null) {
      return;
    }
    run.waitUntil(timer(duration));
  }

  @Override
  public Instant timer(Duration duration) {
    return run.store().startTimer(run.runId(), path, run.wallClock().instant().plus(duration));
  }

  @Override
  public Optional<JsonNode> awaitSignal(String name, Instant due) throws InterruptedException {
    Instant started = run.wallClock().instant();
    while (true) {
      Optional<JsonNode> payload = run.signals().find(run.runId(), name);
      Instant now = run.wallClock().instant();
      if (payload.isPresent() || (due != null && !now.isBefore(due))) {
        return payload;
      }
      Duration left = due == null ? SIGNAL_POLL : Duration.between(now, due);
      // Waited in place as long as a run may, and its timeout is not near: the signal or the
      // timeout starts an engine again.
      boolean waitedLong = run.parking().parks(Duration.between(started, now).plus(SIGNAL_POLL));
      if (waitedLong && (due == null || run.parking().parks(left))) {
        throw new RunParked(Set.of(name), due);
      }
      run.sleeper().sleep(left.compareTo(SIGNAL_POLL) < 0 ? left : SIGNAL_POLL);
    }
  }

  @Override
  public SecretDirectory secrets() {
    return run.secrets();
  }

  @Override
  public ContainerRunner containers() {
    return run.containers();
  }

  @Override
  public ChildWorkflows children() {
    return run.children();
  }

  @Override
  public HttpClient http() {
    return run.http();
  }

  @Override
  public JsonNode external(String key, ExternalCall call) throws InterruptedException {
    if (externals == null) {
      externals = new ExternalResults(path, run.replayFrom());
    }
    return externals.obtain(key, call, run.listener());
  }

  /** The recorded results of the step's external calls, null when it made none. */
  JsonNode recordedExternals() {
    return externals == null ? null : externals.recorded();
  }

  @Override
  public String idempotencyKey() {
    // No attempt in it: a retry of a call that timed out must be recognisable as the same call.
    return Sha256.hex(run.runId() + "/" + path).substring(0, 32);
  }
}
