package io.shadowflow.operator.containers;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.shadowflow.engine.container.ContainerEnv;
import io.shadowflow.engine.container.ContainerRequest;
import io.shadowflow.engine.container.ContainerRunner;
import io.shadowflow.engine.hash.Sha256;
import io.shadowflow.engine.json.Json;
import io.shadowflow.operator.jobs.EnginePods;
import io.shadowflow.operator.jobs.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pod of one container step attempt, and the ConfigMap holding its input. The step runs as the
 * pod's init container, under the restricted security profile; once it has exited 0, the {@code
 * output} container (the engine image) prints the output file it left, for the operator to read
 * from that container's log. Both objects are owned by the Workflow or ShadowRun that asked, so
 * they go with it.
 */
final class StepPods {
  static final String COMPONENT = "container-step";
  static final String KIND = "container";
  static final String STEP_CONTAINER = "step";
  static final String OUTPUT_CONTAINER = "output";

  private static final String INPUT_DIR = "/shadowflow/input";
  private static final String OUTPUT_DIR = "/shadowflow/output";
  private static final String INPUT_FILE = "input.json";
  private static final String OUTPUT_FILE = OUTPUT_DIR + "/output.json";
  private static final long NON_ROOT_USER = 65532;

  private StepPods() {}

  /** The same name for the same attempt, whichever operator replica or reconcile asks. */
  static String name(ContainerAttempt attempt) {
    return "sf-step-" + Sha256.hex(attempt.key()).substring(0, 24);
  }

  static ConfigMap input(StepPodOwner owner, ContainerAttempt attempt) {
    return new ConfigMapBuilder()
        .withMetadata(EnginePods.owned(owner.resource(), name(attempt), labels(owner)))
        .withData(Map.of(INPUT_FILE, Json.write(attempt.request().input())))
        .build();
  }

  /**
   * @param pullPolicy the pull policy of the {@code output} container's image, the owner's engine
   *     image
   */
  static Pod pod(StepPodOwner owner, ContainerAttempt attempt, String pullPolicy) {
    String name = name(attempt);
    ContainerRequest request = attempt.request();
    return new PodBuilder()
        .withMetadata(EnginePods.owned(owner.resource(), name, labels(owner)))
        .withNewSpec()
        .withRestartPolicy("Never")
        // The kubelet stops the pod at the attempt's timeout, should no engine be left to ask.
        .withActiveDeadlineSeconds(Math.max(1, request.timeoutSeconds()))
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(NON_ROOT_USER)
        .withRunAsGroup(NON_ROOT_USER)
        .withFsGroup(NON_ROOT_USER)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withInitContainers(step(request))
        .addNewContainer()
        .withName(OUTPUT_CONTAINER)
        .withImage(owner.engineImage())
        .withImagePullPolicy(pullPolicy)
        .withArgs("step-output", OUTPUT_FILE)
        .withEnv(new EnvVarBuilder().withName("JAVA_TOOL_OPTIONS").withValue("-Xmx64m").build())
        .withSecurityContext(EnginePods.restrictedContainer())
        .withVolumeMounts(mount("output", OUTPUT_DIR, true), mount("tmp", "/tmp", false))
        .withNewResources()
        .withRequests(Map.of("cpu", new Quantity("50m"), "memory", new Quantity("128Mi")))
        .withLimits(Map.of("memory", new Quantity("192Mi")))
        .endResources()
        .endContainer()
        .addNewVolume()
        .withName("input")
        .withNewConfigMap()
        .withName(name)
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("output")
        .withNewEmptyDir()
        .withSizeLimit(new Quantity("2Mi"))
        .endEmptyDir()
        .endVolume()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .withSizeLimit(new Quantity("256Mi"))
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .build();
  }

  private static Container step(ContainerRequest request) {
    return new ContainerBuilder()
        .withName(STEP_CONTAINER)
        .withImage(request.image())
        .withCommand(request.command().isEmpty() ? null : request.command())
        .withArgs(request.args().isEmpty() ? null : request.args())
        .withEnv(env(request))
        .withSecurityContext(EnginePods.restrictedContainer())
        .withVolumeMounts(
            mount("input", INPUT_DIR, true),
            mount("output", OUTPUT_DIR, false),
            mount("tmp", "/tmp", false))
        .withNewResources()
        .withRequests(quantities(request.requests()))
        .withLimits(quantities(request.limits()))
        .endResources()
        .build();
  }

  /** The step's own variables, Secret ones as references the kubelet resolves, then the files. */
  private static List<EnvVar> env(ContainerRequest request) {
    List<EnvVar> env = new ArrayList<>();
    for (ContainerEnv variable : request.env()) {
      EnvVarBuilder builder = new EnvVarBuilder().withName(variable.name());
      if (variable.secret() == null) {
        builder.withValue(variable.value());
      } else {
        builder
            .withNewValueFrom()
            .withNewSecretKeyRef()
            .withName(variable.secret().name())
            .withKey(variable.secret().key())
            .endSecretKeyRef()
            .endValueFrom();
      }
      env.add(builder.build());
    }
    env.add(
        new EnvVarBuilder()
            .withName(ContainerRunner.INPUT_ENV)
            .withValue(INPUT_DIR + "/" + INPUT_FILE)
            .build());
    env.add(
        new EnvVarBuilder().withName(ContainerRunner.OUTPUT_ENV).withValue(OUTPUT_FILE).build());
    return env;
  }

  private static VolumeMount mount(String volume, String path, boolean readOnly) {
    return new VolumeMountBuilder()
        .withName(volume)
        .withMountPath(path)
        .withReadOnly(readOnly)
        .build();
  }

  private static Map<String, Quantity> quantities(Map<String, String> values) {
    if (values.isEmpty()) {
      return null;
    }
    Map<String, Quantity> result = new TreeMap<>();
    values.forEach((name, value) -> result.put(name, new Quantity(value)));
    return result;
  }

  private static Map<String, String> labels(StepPodOwner owner) {
    Map<String, String> labels = new LinkedHashMap<>(Labels.of(COMPONENT));
    labels.put(owner.label(), owner.resource().getMetadata().getName());
    return labels;
  }
}
