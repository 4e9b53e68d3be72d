package io.shadowflow.engine.golden;

import java.util.Optional;

/**
 * What recording a golden record did: stored it, or found one already stored and compared.
 *
 * @param stored the record that is stored now: ours if {@code recorded}, the earlier one otherwise
 * @param divergence where ours departs from the earlier record; empty when recorded or equal
 */
public record GoldenWrite(GoldenRecord stored, boolean recorded, Optional<Divergence> divergence) {
  /** The outcome of offering {@code ours} where {@code stored} was found (or is ours). */
  static GoldenWrite of(GoldenRecord ours, GoldenRecord stored, boolean recorded) {
    return new GoldenWrite(
        stored,
        recorded,
        recorded ? Optional.empty() : RecordComparison.firstDivergence(stored, ours));
  }

  /** One word for people: recorded, matched, or diverged. */
  public String describe() {
    return recorded ? "recorded" : divergence.isEmpty() ? "matched" : "diverged";
  }
}
