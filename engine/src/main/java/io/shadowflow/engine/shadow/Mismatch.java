package io.shadowflow.engine.shadow;

import io.shadowflow.engine.golden.Divergence;

/**
 * An iteration that did not reproduce what it had to.
 *
 * @param check crossWorker when it differed from the seed's first iteration, replay when it
 *     differed from the golden record
 * @param iteration which run of the seed, from 0
 * @param worker the worker thread that ran it
 */
public record Mismatch(Check check, int iteration, int worker, Divergence divergence) {
  /** Which comparison failed; the names are stored and shown as they are. */
  public enum Check {
    crossWorker,
    replay
  }
}
