package io.shadowflow.engine.runs;

import io.shadowflow.engine.checkpoint.RunStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Which runs a list shows.
 *
 * @param namespaces the namespaces the reader may see; a run elsewhere is never listed, whatever
 *     else matches. Must not be empty
 * @param workflow the Workflow's name, if one
 * @param status the runs' status, if one
 * @param startedFrom runs started at or after, if set
 * @param startedBefore runs started before, if set
 * @param runIdPrefix the start of the run id, if set
 */
public record RunFilter(
    Set<String> namespaces,
    Optional<String> workflow,
    Optional<RunStatus> status,
    Optional<Instant> startedFrom,
    Optional<Instant> startedBefore,
    Optional<String> runIdPrefix) {

  public RunFilter {
    if (namespaces.isEmpty()) {
      throw new IllegalArgumentException("a run list needs the namespaces its reader may see");
    }
    namespaces = Set.copyOf(namespaces);
  }

  /** Every run of {@code namespaces}. */
  public static RunFilter in(Set<String> namespaces) {
    return new RunFilter(
        namespaces,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
