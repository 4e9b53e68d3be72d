package io.shadowflow.operator.jobs;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pure functions that build what every engine pod shares, for Workflow Jobs and ShadowRun Jobs
 * alike: a non-root container with a read-only root filesystem, database settings from a Secret,
 * resource requests, and an owner reference to the resource it works for.
 */
public final class EnginePods {
  /** Name of the port of the engine's Prometheus endpoint, which the chart's PodMonitor scrapes. */
  public static final String METRICS_PORT = "http-metrics";

  /** Name of the engine container; the Jobs' pod failure policies name it. */
  public static final String CONTAINER = "engine";

  private static final long USER = 10001;

  private EnginePods() {}

  /**
   * A Job owned (as controller) by {@code owner}. A replacement pod is created only once the pod it
   * replaces has failed, not while that one is still terminating, so two engines of one run rarely
   * overlap; the database's run fence is what guarantees it (docs/checkpoints.md).
   */
  public static Job job(HasMetadata owner, String name, Map<String, String> labels, JobSpec spec) {
    spec.setPodReplacementPolicy("Failed");
    return new JobBuilder().withMetadata(owned(owner, name, labels)).withSpec(spec).build();
  }

  /** Metadata of an object in {@code owner}'s namespace that Kubernetes deletes with its owner. */
  public static ObjectMeta owned(HasMetadata owner, String name, Map<String, String> labels) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build())
        .build();
  }

  /**
   * The pod template of an engine container running {@code args} of the shadowflow CLI, with {@code
   * ports} (those the container serves).
   */
  public static PodTemplateSpec template(
      Map<String, String> labels,
      List<String> args,
      List<EnvVar> extraEnv,
      List<ContainerPort> ports,
      EngineSettings settings) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withServiceAccountName(settings.serviceAccount())
        .withAutomountServiceAccountToken(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(USER)
        .withRunAsGroup(USER)
        .withFsGroup(USER)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(settings.image())
        .withImagePullPolicy(settings.imagePullPolicy())
        .withArgs(ContainerArgs.escaped(args))
        .withPorts(ports)
        .withEnv(env(settings, extraEnv))
        .withSecurityContext(restrictedContainer())
        .withNewResources()
        .withRequests(
            Map.of(
                "cpu", new Quantity(settings.cpuRequest()),
                "memory", new Quantity(settings.memoryRequest())))
        .withLimits(Map.of("memory", new Quantity(settings.memoryLimit())))
        .endResources()
        // The root filesystem is read-only; the JVM still wants a scratch folder.
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .withSizeLimit(new Quantity("64Mi"))
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .build();
  }

  /**
   * A container's part of the restricted Pod Security profile, and a read-only root filesystem:
   * what every container the operator starts runs under.
   */
  public static SecurityContext restrictedContainer() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }

  private static List<EnvVar> env(EngineSettings settings, List<EnvVar> extraEnv) {
    List<EnvVar> env =
        new ArrayList<>(
            List.of(
                secret("SHADOWFLOW_JDBC_URL", settings.databaseSecret(), "jdbc-url", false),
                secret("SHADOWFLOW_DB_USER", settings.databaseSecret(), "username", true),
                secret("SHADOWFLOW_DB_PASSWORD", settings.databaseSecret(), "password", true),
                // The operator owns the schema; a namespace's role may not change it anyway.
                new EnvVarBuilder().withName("SHADOWFLOW_DB_MIGRATE").withValue("false").build(),
                new EnvVarBuilder()
                    .withName("JAVA_TOOL_OPTIONS")
                    .withValue("-XX:MaxRAMPercentage=75 -Djava.io.tmpdir=/tmp")
                    .build()));
    env.addAll(settings.egress().env());
    env.addAll(extraEnv);
    return env;
  }

  private static EnvVar secret(String name, String secret, String key, boolean optional) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .withOptional(optional)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
