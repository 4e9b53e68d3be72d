package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a real API server (or its built-in controllers) adds to objects as they are stored, where
 * clients rely on it: a CRD's {@code Established} status, and a Job's selector and pod labels.
 */
final class StorageDefaults {
  static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
  static final String JOB_NAME = "batch.kubernetes.io/job-name";

  private StorageDefaults() {}

  /** The object to store, or {@code object} itself when nothing needs adding. */
  static JsonNode complete(String plural, String group, JsonNode previous, JsonNode object) {
    if (group.equals("apiextensions.k8s.io") && plural.equals("customresourcedefinitions")) {
      return establish(object);
    }
    if (group.equals("batch") && plural.equals("jobs") && previous == null) {
      return selectJobPods(object);
    }
    return object;
  }

  private static JsonNode establish(JsonNode crd) {
    ObjectNode status = KubeJson.object();
    status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
    ArrayNode conditions = status.putArray("conditions");
    for (String type : new String[] {"NamesAccepted", "Established"}) {
      conditions
          .addObject()
          .put("type", type)
          .put("status", "True")
          .put("reason", type.equals("Established") ? "InitialNamesAccepted" : "NoConflicts")
          .put(
              "message",
              type.equals("Established")
                  ? "the initial names have been accepted"
                  : "no conflicts found")
          .put("lastTransitionTime", crd.path("metadata").path("creationTimestamp").asText());
    }
    ArrayNode stored = status.putArray("storedVersions");
    crd.path("spec")
        .path("versions")
        .forEach(
            v -> {
              if (v.path("storage").asBoolean()) {
                stored.add(v.path("name").asText());
              }
            });
    if (status.equals(crd.path("status"))) {
      return crd;
    }
    ObjectNode established = crd.deepCopy();
    established.set("status", status);
    return established;
  }

  // As the Job API does: unless the author chose the selector, pods are selected by the Job's uid.
  private static JsonNode selectJobPods(JsonNode job) {
    JsonNode spec = job.path("spec");
    if (spec.path("manualSelector").asBoolean(false) || spec.has("selector")) {
      return job;
    }
    String uid = job.path("metadata").path("uid").asText();
    String name = job.path("metadata").path("name").asText();
    ObjectNode completed = job.deepCopy();
    KubeJson.objectAt(completed, "spec", "selector", "matchLabels").put(CONTROLLER_UID, uid);
    ObjectNode labels = KubeJson.objectAt(completed, "spec", "template", "metadata", "labels");
    labels.put(CONTROLLER_UID, uid).put(JOB_NAME, name);
    labels.put("controller-uid", uid).put("job-name", name);
    return completed;
  }
}
