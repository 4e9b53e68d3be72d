package io.shadowflow.engine.run;

import io.shadowflow.engine.hash.Sha256;
import io.shadowflow.engine.json.CanonicalJson;

/**
 * Derives run ids. A run id depends only on what defines the run, never on time or place, so it is
 * the same when the run resumes, when it is replayed, and on every shadow worker.
 *
 * <p>{@code run_id = "run-" + first 32 hex digits of SHA-256(canonical_json({workflow, definition,
 * seed, lineage}))} where {@code workflow} is {@code namespace/name}, {@code definition} the
 * definition hash, and {@code lineage} empty for a first run (a restart from a step names its
 * origin there).
 */
public final class RunIdentity {
  private RunIdentity() {}

  public static String runId(
      String namespace, String name, String definitionHash, long seed, String lineage) {
    String identity =
        CanonicalJson.object()
            .add("definition", definitionHash)
            .add("lineage", lineage)
            .add("seed", seed)
            .add("workflow", namespace + "/" + name)
            .end();
    return "run-" + Sha256.hex(identity).substring(0, 32);
  }
}
