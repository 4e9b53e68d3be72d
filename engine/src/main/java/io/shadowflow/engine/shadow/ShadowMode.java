package io.shadowflow.engine.shadow;

/** What a shadow run checks; the names are the ShadowRun's {@code spec.mode} values. */
public enum ShadowMode {
  /** Each seed runs live on several workers, and every iteration must hash the same. */
  crossWorker,
  /**
   * Each iteration replays the seed's golden record (recorded first if absent) and must match it.
   */
  replay,
  /**
   * Each iteration replays the golden record and must match both it and the seed's other
   * iterations.
   */
  both;

  boolean replays() {
    return this != crossWorker;
  }

  /**
   * Whether a run in this mode compares anything: a replay compares with the golden record, but a
   * crossWorker check compares a seed's iterations with each other and needs at least two.
   */
  public boolean compares(int iterations) {
    return replays() || iterations > 1;
  }
}
