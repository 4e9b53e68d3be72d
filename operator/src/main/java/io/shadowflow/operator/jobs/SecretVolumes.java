package io.shadowflow.operator.jobs;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.shadowflow.api.SecretParamSpec;
import io.shadowflow.api.StepSpec;
import io.shadowflow.api.WorkflowSpec;
import io.shadowflow.engine.secret.SecretDirectory;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Mounts exactly the Secret keys a Workflow's http steps and planners reference into its engine
 * pods, one read-only folder per Secret under {@link #ROOT}, which the engine reads as {@code
 * ROOT/NAME/KEY}. Kubelet reads the Secrets: the operator needs no right on them, and no value
 * passes through the operator, a ConfigMap or the Job's arguments.
 */
public final class SecretVolumes {
  /** Where Secrets are mounted in engine pods; the engine's {@link SecretDirectory#ENV}. */
  public static final String ROOT = "/etc/shadowflow/secrets";

  /** Owner and group may read, nobody may write: the pod's fsGroup is the engine's group. */
  private static final int MODE = 0440;

  private SecretVolumes() {}

  /** The referenced keys by Secret name, sorted so the Job spec is the same on every reconcile. */
  public static SortedMap<String, SortedSet<String>> referenced(WorkflowSpec spec) {
    SortedMap<String, SortedSet<String>> keys = new TreeMap<>();
    if (spec == null || spec.steps == null) {
      return keys;
    }
    spec.steps.stream()
        .flatMap(SecretVolumes::params)
        .filter(p -> p.valueFrom != null && p.valueFrom.secretKeyRef != null)
        .forEach(
            p ->
                keys.computeIfAbsent(p.valueFrom.secretKeyRef.name, n -> new TreeSet<>())
                    .add(p.valueFrom.secretKeyRef.key));
    return keys;
  }

  private static Stream<SecretParamSpec> params(StepSpec step) {
    List<SecretParamSpec> own = step.secrets == null ? List.of() : step.secrets;
    List<SecretParamSpec> planner =
        step.planner == null || step.planner.secrets == null ? List.of() : step.planner.secrets;
    return Stream.concat(own.stream(), planner.stream());
  }

  /** {@code job} with the Secrets {@code spec} references mounted; unchanged when it has none. */
  public static Job mount(Job job, WorkflowSpec spec) {
    Map<String, SortedSet<String>> referenced = referenced(spec);
    if (referenced.isEmpty()) {
      return job;
    }
    Job mounted = new JobBuilder(job).build();
    PodSpec pod = mounted.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    container
        .getEnv()
        .add(new EnvVarBuilder().withName(SecretDirectory.ENV).withValue(ROOT).build());
    int index = 0;
    for (Map.Entry<String, SortedSet<String>> secret : referenced.entrySet()) {
      // Secret names may be 63 characters long, as volume names: the index keeps them apart.
      String volume = "secret-" + index++;
      List<KeyToPath> items =
          secret.getValue().stream()
              .map(key -> new KeyToPathBuilder().withKey(key).withPath(key).build())
              .toList();
      pod.getVolumes()
          .add(
              new VolumeBuilder()
                  .withName(volume)
                  .withNewSecret()
                  .withSecretName(secret.getKey())
                  .withItems(items)
                  .withDefaultMode(MODE)
                  .endSecret()
                  .build());
      container
          .getVolumeMounts()
          .add(
              new VolumeMountBuilder()
                  .withName(volume)
                  .withMountPath(ROOT + "/" + secret.getKey())
                  .withReadOnly(true)
                  .build());
    }
    return mounted;
  }
}
