package io.shadowflow.operator.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.shadowflow.api.ApiGroup;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.engine.model.InvalidManifestException;
import io.shadowflow.engine.model.Problem;
import io.shadowflow.engine.run.Lineage;
import io.shadowflow.engine.step.StepKinds;
import io.shadowflow.operator.jobs.EngineSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates a Workflow with the engine's own compiler, so the operator accepts exactly what an
 * engine pod will run. The result depends only on the spec, so it is kept per generation: a
 * reconcile triggered by a checkpoint does not compile the CEL expressions again.
 */
public final class SpecValidation {
  private record Key(String uid, Long generation) {}

  private final WorkflowCompiler compiler = new WorkflowCompiler();
  // A Workflow that names its own engine image may use the kinds of that image's plugins, which
  // the image's engine checks: here they are taken on trust.
  private final WorkflowCompiler withPlugins =
      new WorkflowCompiler(StepKinds.installed().deferringUnknownKinds());
  private final EngineSettings engine;

  /**
   * @param engine which engine images a Workflow may name
   */
  public SpecValidation(EngineSettings engine) {
    this.engine = engine;
  }

  private final Map<String, Map.Entry<Key, Validation>> byUid = new ConcurrentHashMap<>();

  /** The spec's validation, and the lineage annotation's, which no generation covers. */
  public Validation validate(Workflow workflow) {
    Validation spec = validateSpec(workflow);
    Map<String, String> annotations = workflow.getMetadata().getAnnotations();
    String lineage = annotations == null ? "" : annotations.getOrDefault(ApiGroup.RUN_LINEAGE, "");
    if (Lineage.isValid(lineage)) {
      return spec;
    }
    // It reaches the engine Job's arguments: a wrong one stops the Workflow before any Job.
    List<Problem> problems = new ArrayList<>(spec.problems());
    problems.add(
        new Problem(
            "metadata.annotations[" + ApiGroup.RUN_LINEAGE + "]",
            Lineage.EXPECTED + "; remove the annotation to start a first run"));
    return new Validation(null, problems);
  }

  private Validation validateSpec(Workflow workflow) {
    Key key = new Key(workflow.getMetadata().getUid(), workflow.getMetadata().getGeneration());
    Map.Entry<Key, Validation> cached = byUid.get(key.uid());
    if (cached != null && cached.getKey().equals(key)) {
      return cached.getValue();
    }
    Validation validation = compile(workflow);
    byUid.put(key.uid(), Map.entry(key, validation));
    return validation;
  }

  /** The Workflow is gone: forget its validation. */
  public void forget(String uid) {
    byUid.remove(uid);
  }

  /**
   * The manifest the engine compiles for a Workflow: its identity and spec, as {@code kubectl get
   * -o yaml} would show them without status and server-set metadata.
   */
  public static ObjectNode manifest(Workflow workflow) {
    ObjectNode manifest = Serialization.jsonMapper().createObjectNode();
    manifest.put("apiVersion", workflow.getApiVersion());
    manifest.put("kind", workflow.getKind());
    manifest
        .putObject("metadata")
        .put("name", workflow.getMetadata().getName())
        .put("namespace", workflow.getMetadata().getNamespace());
    manifest.set("spec", Serialization.jsonMapper().valueToTree(workflow.getSpec()));
    return manifest;
  }

  private Validation compile(Workflow workflow) {
    String image = workflow.getSpec().engineImage;
    if (image != null && !engine.allows(image)) {
      return new Validation(
          null,
          List.of(
              new Problem(
                  "spec.engineImage",
                  "'"
                      + image
                      + "' is not an engine image this cluster allows; the platform admin lists"
                      + " the allowed prefixes in the chart's engine.allowedImages"
                      + (engine.allowedImages().isEmpty()
                          ? " (none yet)"
                          : " (" + String.join(", ", engine.allowedImages()) + ")"))));
    }
    try {
      // An image other than the operator's (the Workflow's or its namespace's) may bring plugins.
      boolean ownImage = !engine.imageOf(workflow).equals(engine.image());
      WorkflowCompiler chosen = ownImage ? withPlugins : compiler;
      return new Validation(chosen.compile(manifest(workflow)), List.of());
    } catch (InvalidManifestException e) {
      return new Validation(null, e.problems());
    }
  }
}
