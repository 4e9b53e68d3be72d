package io.shadowflow.engine.golden;

import java.util.Optional;

/**
 * A replay's verdict: the golden record, the replay's own record, and where they first part.
 *
 * @param divergence empty when the replay reproduced the record
 */
public record ReplayReport(
    GoldenRecord expected, GoldenRecord actual, Optional<Divergence> divergence) {}
