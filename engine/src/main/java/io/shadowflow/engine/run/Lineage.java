package io.shadowflow.engine.run;

import java.util.regex.Pattern;

/**
 * The lineage of a run, as the operator writes it into a Workflow's annotation and an engine Job's
 * arguments: empty for a first run, {@code restart/RUN-ID/STEP} for a restart, {@code edit/RUN-ID}
 * for a run going on from the run of the Workflow's previous definition. Anyone who may edit the
 * Workflow may edit the annotation, so it is checked against this pattern before it reaches a pod
 * spec, and it is never printed back.
 */
public final class Lineage {
  /** What a lineage may look like; nothing else reaches a Job. */
  public static final Pattern PATTERN =
      Pattern.compile(
          "|restart/run-[0-9a-f]{32}/[A-Za-z_][A-Za-z0-9_-]{0,62}|edit/run-[0-9a-f]{32}");

  /** What a wrong lineage is told, without repeating it. */
  public static final String EXPECTED =
      "not a lineage the operator writes: expected empty, restart/run-<32 hex digits>/<step name>"
          + " or edit/run-<32 hex digits>";

  private Lineage() {}

  public static boolean isValid(String lineage) {
    return lineage != null && PATTERN.matcher(lineage).matches();
  }
}
