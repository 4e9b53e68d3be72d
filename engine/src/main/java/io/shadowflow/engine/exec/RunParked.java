package io.shadowflow.engine.exec;

import io.shadowflow.engine.signal.SignalNames;
import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Thrown through a run's steps when it waits longer than its {@link Parking} threshold: the engine
 * records what the run waits for and stops; the run resumes from its checkpoint when the wait is
 * over. Not a failure: nothing is retried or recorded as failed, and what the run committed stays.
 */
public final class RunParked extends RuntimeException {
  private final SortedSet<String> signals;
  private final Instant until;

  /**
   * @param signals the signals whose delivery ends the wait (any of them)
   * @param until when the wait ends by itself (a timer, a wait's timeout); null for never
   */
  public RunParked(Set<String> signals, Instant until) {
    super(describe(signals, until), null, false, false);
    this.signals = Collections.unmodifiableSortedSet(new TreeSet<>(signals));
    this.until = until;
  }

  /** The signals whose delivery wakes the run, sorted. */
  public SortedSet<String> signals() {
    return signals;
  }

  /** When the run wakes by itself, or null if only a signal wakes it. */
  public Instant until() {
    return until;
  }

  /**
   * The park of a run whose branches parked on {@code this} and {@code other}: any branch's signal
   * or its earliest timer wakes it.
   */
  public RunParked and(RunParked other) {
    Set<String> both = new TreeSet<>(signals);
    both.addAll(other.signals);
    Instant earliest =
        until == null
            ? other.until
            : other.until == null || until.isBefore(other.until) ? until : other.until;
    return new RunParked(both, earliest);
  }

  private static String describe(Set<String> signals, Instant until) {
    String forSignals = signals.isEmpty() ? "" : SignalNames.describe(new TreeSet<>(signals));
    String forTime = until == null ? "" : "until " + until;
    return "parked, waiting for "
        + (forSignals.isEmpty()
            ? forTime
            : forTime.isEmpty() ? forSignals : forSignals + " or " + forTime);
  }
}
