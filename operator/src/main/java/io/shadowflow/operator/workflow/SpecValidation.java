package io.shadowflow.operator.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.manifest.InvalidManifestException;
import io.shadowflow.engine.manifest.WorkflowCompiler;
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
  private final Map<String, Map.Entry<Key, Validation>> byUid = new ConcurrentHashMap<>();

  public Validation validate(Workflow workflow) {
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

  private Validation compile(Workflow workflow) {
    ObjectNode manifest = Serialization.jsonMapper().createObjectNode();
    manifest.put("apiVersion", workflow.getApiVersion());
    manifest.put("kind", workflow.getKind());
    manifest
        .putObject("metadata")
        .put("name", workflow.getMetadata().getName())
        .put("namespace", workflow.getMetadata().getNamespace());
    manifest.set("spec", Serialization.jsonMapper().valueToTree(workflow.getSpec()));
    try {
      return new Validation(compiler.compile(manifest), List.of());
    } catch (InvalidManifestException e) {
      return new Validation(null, e.problems());
    }
  }
}
