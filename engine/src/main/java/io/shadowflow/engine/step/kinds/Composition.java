package io.shadowflow.engine.step.kinds;

import io.shadowflow.api.ManifestLimits;
import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.model.Problems;

/** What the kinds made of child steps check alike. */
final class Composition {
  private Composition() {}

  /** Whether {@code maxParallel}, when given, is between 1 and the limit. */
  static boolean checkMaxParallel(StepSpec spec, String path, Problems problems) {
    if (spec.maxParallel != null
        && (spec.maxParallel < 1 || spec.maxParallel > ManifestLimits.MAX_PARALLEL)) {
      problems.add(
          path + ".maxParallel",
          "must be between 1 and " + ManifestLimits.MAX_PARALLEL + ", got " + spec.maxParallel);
      return false;
    }
    return true;
  }
}
