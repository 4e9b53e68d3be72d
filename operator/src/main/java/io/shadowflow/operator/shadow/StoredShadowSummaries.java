package io.shadowflow.operator.shadow;

import io.shadowflow.api.Mismatch;
import io.shadowflow.engine.shadow.PostgresShadowResults;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads ShadowRun results from the tables the shadow workers write (the engine's own query). */
public final class StoredShadowSummaries implements ShadowSummaries {
  private final PostgresShadowResults results;

  public StoredShadowSummaries(DataSource dataSource) {
    this.results = new PostgresShadowResults(dataSource);
  }

  @Override
  public Optional<ShadowSummary> find(String namespace, String name) {
    var summary = results.summary(ShadowJobs.shadowRunId(namespace, name));
    if (summary.workflowsReplayed() == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new ShadowSummary(
            summary.workflowsReplayed(),
            summary.mismatches(),
            summary.goldenRecorded(),
            mismatch(summary.lastMismatch()),
            summary.timings().p50Millis(),
            summary.timings().p99Millis()));
  }

  @Override
  public void delete(String namespace, String name) {
    results.delete(ShadowJobs.shadowRunId(namespace, name));
  }

  private static Mismatch mismatch(io.shadowflow.engine.shadow.ShadowSummary.LastMismatch last) {
    if (last == null) {
      return null;
    }
    Mismatch mismatch = new Mismatch();
    mismatch.seed = last.seed();
    mismatch.expectedHash = last.expectedHash();
    mismatch.actualHash = last.actualHash();
    mismatch.firstDivergingStep = last.firstDivergingStep();
    return mismatch;
  }
}
