package io.shadowflow.testkit.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the pods of a Job from its template, with the labels and names the Job controller uses.
 */
final class JobPods {
  static final String JOB_NAME = "batch.kubernetes.io/job-name";
  static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
  static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
  static final String NODE_NAME = "local-pod-runner";

  // The alphabet Kubernetes draws name suffixes from: no vowels, no look-alike digits.
  private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KubernetesSerialization serialization;

  JobPods(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  static boolean isIndexed(Job job) {
    return "Indexed".equals(job.getSpec().getCompletionMode());
  }

  /** The completion index of a pod of an Indexed Job. */
  static Optional<Integer> index(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String index = labels == null ? null : labels.get(COMPLETION_INDEX);
    if (index == null && pod.getMetadata().getAnnotations() != null) {
      index = pod.getMetadata().getAnnotations().get(COMPLETION_INDEX);
    }
    return Optional.ofNullable(index).map(Integer::valueOf);
  }

  /** A new pod for the Job; {@code index} is null for a NonIndexed Job. */
  Pod newPod(Job job, Integer index) {
    String jobName = job.getMetadata().getName();
    String uid = job.getMetadata().getUid();
    var template = job.getSpec().getTemplate();
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> annotations = new LinkedHashMap<>();
    if (template.getMetadata() != null) {
      Optional.ofNullable(template.getMetadata().getLabels()).ifPresent(labels::putAll);
      Optional.ofNullable(template.getMetadata().getAnnotations()).ifPresent(annotations::putAll);
    }
    labels.put(JOB_NAME, jobName);
    labels.put("job-name", jobName);
    labels.put(CONTROLLER_UID, uid);
    labels.put("controller-uid", uid);
    PodSpec spec = serialization.clone(template.getSpec());
    spec.setNodeName(NODE_NAME);
    String prefix = jobName + "-";
    if (index != null) {
      labels.put(COMPLETION_INDEX, index.toString());
      annotations.put(COMPLETION_INDEX, index.toString());
      prefix = jobName + "-" + index + "-";
      spec.setHostname(jobName + "-" + index);
      for (Container container : spec.getContainers()) {
        var env =
            container.getEnv() == null
                ? new ArrayList<EnvVar>()
                : new ArrayList<>(container.getEnv());
        env.add(
            new EnvVarBuilder()
                .withName("JOB_COMPLETION_INDEX")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.annotations['" + COMPLETION_INDEX + "']")
                .endFieldRef()
                .endValueFrom()
                .build());
        container.setEnv(env);
      }
    }
    return new PodBuilder()
        .withNewMetadata()
        .withName(prefix + suffix())
        .withNamespace(job.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(annotations)
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("batch/v1")
                .withKind("Job")
                .withName(jobName)
                .withUid(uid)
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build())
        .endMetadata()
        .withSpec(spec)
        .build();
  }

  private static String suffix() {
    StringBuilder suffix = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      suffix.append(SUFFIX_ALPHABET.charAt(RANDOM.nextInt(SUFFIX_ALPHABET.length())));
    }
    return suffix.toString();
  }
}
