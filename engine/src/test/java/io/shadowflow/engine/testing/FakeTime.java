package io.shadowflow.engine.testing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shadowflow.engine.checkpoint.CheckpointStore;
import io.shadowflow.engine.exec.Sleeper;
import io.shadowflow.engine.exec.WorkflowExecutor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A wall clock that moves only when the engine sleeps on it: retries with minutes of backoff run in
 * milliseconds, and a test can read every wait the engine made.
 */
public final class FakeTime extends Clock implements Sleeper {
  private volatile Instant now;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  public FakeTime(Instant start) {
    this.now = start;
  }

  /** Starting at the real current time (whole milliseconds), so stored timestamps look natural. */
  public FakeTime() {
    this(Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    now = now.plus(duration);
  }

  /** Moves the clock without a sleep, as time passing while no engine ran. */
  public void advance(Duration duration) {
    now = now.plus(duration);
  }

  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  /** An executor on this clock with its own meter registry. */
  public WorkflowExecutor executor(CheckpointStore store, MeterRegistry meters) {
    return new WorkflowExecutor(store, WorkflowExecutor.defaultHttpClient(), this, this, meters);
  }

  public WorkflowExecutor executor(CheckpointStore store) {
    return executor(store, new SimpleMeterRegistry());
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
