package io.shadowflow.engine.runs;

import io.shadowflow.engine.exec.Parking;
import io.shadowflow.engine.signal.SignalNames;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * What a parked run waits for, as its row says: no engine holds it until the wait is over.
 *
 * @param signals the signals whose delivery ends the wait, sorted
 * @param until when the wait ends by itself, null if only a signal ends it
 * @param since when the run parked
 * @param signalled whether one of {@code signals} has been delivered
 */
public record RunPark(List<String> signals, Instant until, Instant since, boolean signalled) {
  /**
   * What the run waits for, e.g. {@code signal 'approve' or its timer, due 2026-12-07T10:00:00Z}.
   */
  public String describe() {
    String forSignals = signals.isEmpty() ? "" : SignalNames.describe(signals);
    String forTime = until == null ? "" : "its timer, due " + until.truncatedTo(ChronoUnit.SECONDS);
    if (forSignals.isEmpty() || forTime.isEmpty()) {
      return forSignals + forTime;
    }
    return forSignals + " or " + forTime;
  }

  /** When an engine is to start again without a signal, by {@code rule}; empty if never. */
  public Optional<Instant> wakeAt(Parking rule) {
    return until == null ? Optional.empty() : Optional.of(rule.wakeAt(until));
  }

  /** Whether an engine is to start now: a signal came, or the timer is (nearly) due. */
  public boolean over(Instant now, Parking rule) {
    return signalled || wakeAt(rule).filter(wake -> !now.isBefore(wake)).isPresent();
  }
}
