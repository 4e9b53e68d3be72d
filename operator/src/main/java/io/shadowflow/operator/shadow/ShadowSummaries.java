package io.shadowflow.operator.shadow;

import java.util.Optional;

/**
 * Reads the summary of a ShadowRun's results from PostgreSQL, where the shadow workers write them.
 *
 * <p>This is the seam to the shadow runner's results tables (the golden/shadow issue): the operator
 * builds ShadowRun status from whatever an implementation returns. Until one is wired in, {@link
 * #NONE} reports no results, and the Deterministic condition says Unknown rather than inventing
 * figures.
 */
public interface ShadowSummaries {
  /** No results are readable: the status shows phase and cycles, and Deterministic Unknown. */
  ShadowSummaries NONE = (namespace, name) -> Optional.empty();

  /** The results of ShadowRun {@code namespace/name} so far, if any were written. */
  Optional<ShadowSummary> find(String namespace, String name);

  /**
   * ShadowRun {@code namespace/name} is deleted: its stored results go with it, so a new ShadowRun
   * of the same name starts from none. Nothing to delete where nothing is stored.
   */
  default void delete(String namespace, String name) {}
}
