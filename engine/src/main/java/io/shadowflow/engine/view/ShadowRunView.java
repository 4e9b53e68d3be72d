package io.shadowflow.engine.view;

import io.shadowflow.engine.shadow.ShadowSummary;
import java.util.List;

/**
 * A shadow run's page: its listing, its summary (what the ShadowRun's status shows), the seeds of
 * its latest cycle and its mismatches, latest first.
 *
 * @param seeds at most the number asked for, by seed
 * @param seedsCut whether the latest cycle has more seeds than shown
 */
public record ShadowRunView(
    ShadowRunListing run,
    ShadowSummary summary,
    List<SeedOutcome> seeds,
    boolean seedsCut,
    List<SeedOutcome> mismatches) {}
