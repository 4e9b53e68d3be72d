package io.shadowflow.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.api.ApiGroup;
import io.shadowflow.engine.checkpoint.RunDefinition;
import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.CompiledWorkflow;
import java.time.Instant;

/**
 * Maps a compiled workflow to the run row that defines it, and back: the operator allocates runs
 * with it, and an engine pod rebuilds the workflow from the row it is told to execute.
 */
public final class RunDefinitions {
  private RunDefinitions() {}

  /** The id of the run {@code options} make of {@code workflow}. */
  public static String runId(CompiledWorkflow workflow, RunOptions options) {
    return workflow.runId(options.lineage());
  }

  /** The row that opens that run, started at {@code startedAt}. */
  public static RunDefinition of(CompiledWorkflow workflow, RunOptions options, Instant startedAt) {
    return of(workflow, options, CanonicalJson.of(workflow.definition()), startedAt);
  }

  /** The same, with the definition's canonical text already at hand. */
  static RunDefinition of(
      CompiledWorkflow workflow,
      RunOptions options,
      String canonicalDefinition,
      Instant startedAt) {
    return new RunDefinition(
        runId(workflow, options),
        workflow.namespace(),
        workflow.name(),
        workflow.type(),
        workflow.seed(),
        workflow.definitionHash(),
        canonicalDefinition,
        workflow.knownSteps(),
        startedAt);
  }

  /** The Workflow manifest a stored run was compiled from, as the compiler reads it. */
  public static JsonNode manifest(RunDefinition run) {
    ObjectNode manifest = Json.object();
    manifest.put("apiVersion", ApiGroup.API_VERSION);
    manifest.put("kind", "Workflow");
    manifest.putObject("metadata").put("name", run.name()).put("namespace", run.namespace());
    ObjectNode spec = (ObjectNode) Json.parse(run.definition());
    spec.put("seed", run.seed());
    manifest.set("spec", spec);
    return manifest;
  }
}
