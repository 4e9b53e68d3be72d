package io.shadowflow.operator.shadow;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.shadowflow.api.ShadowMode;
import io.shadowflow.api.ShadowRun;
import io.shadowflow.api.ShadowRunSpec;
import io.shadowflow.operator.jobs.EnginePods;
import io.shadowflow.operator.jobs.EngineSettings;
import io.shadowflow.operator.jobs.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Pure functions that build a ShadowRun's worker Job (an Indexed Job, one pod per shard of the
 * seeds) and the ConfigMap holding the Workflow manifest the workers replay.
 */
public final class ShadowJobs {
  /** Where the workers find the manifest, as {@code shadowflow shadow FILE} reads it. */
  public static final String MANIFEST_DIR = "/etc/shadowflow/workflow";

  public static final String MANIFEST_KEY = "workflow.yaml";

  private ShadowJobs() {}

  /**
   * One Job per cycle and worker count: each cycle's pods and outcome are their own, and a cycle
   * re-sharded for another worker count never waits for its old Job's name to be free.
   */
  public static String name(String shadowRunName, int cycle, int workers) {
    return Labels.jobName(shadowRunName, "c" + cycle + "-w" + workers);
  }

  public static String configMapName(String shadowRunName) {
    return Labels.jobName(shadowRunName, "workflow");
  }

  public static int workers(ShadowRunSpec spec) {
    return spec.workers == null ? 1 : spec.workers;
  }

  /**
   * The iterations per seed, 2 when unset: the CRD's default, the least a crossWorker check needs.
   */
  public static int iterations(ShadowRunSpec spec) {
    return spec.iterations == null ? 2 : spec.iterations;
  }

  public static ShadowMode mode(ShadowRunSpec spec) {
    return spec.mode == null ? ShadowMode.BOTH : spec.mode;
  }

  /** Whether the workers compare anything: crossWorker with one iteration compares nothing. */
  public static boolean compares(ShadowRunSpec spec) {
    return io.shadowflow.engine.shadow.ShadowMode.valueOf(mode(spec).wireName())
        .compares(iterations(spec));
  }

  public static Map<String, String> labels(String shadowRunName, int cycle) {
    Map<String, String> labels = Labels.of(Labels.SHADOW_WORKER);
    labels.put(Labels.SHADOW_RUN, shadowRunName);
    labels.put(Labels.CYCLE, Integer.toString(cycle));
    return labels;
  }

  /** The manifest the workers replay: the referenced Workflow as {@code kubectl apply} took it. */
  public static ConfigMap configMap(ShadowRun run, String manifest) {
    return new ConfigMapBuilder()
        .withMetadata(
            EnginePods.owned(
                run, configMapName(run.getMetadata().getName()), Labels.of(Labels.SHADOW_WORKER)))
        .withData(Map.of(MANIFEST_KEY, manifest))
        .build();
  }

  /**
   * The worker Job of {@code cycle}: {@code workers} pods, pod {@code i} replaying shard {@code i}
   * of the seeds. Scaled to zero, the Job is suspended: its pods stop and it keeps its place.
   */
  public static Job desired(ShadowRun run, int cycle, EngineSettings settings) {
    String name = run.getMetadata().getName();
    ShadowRunSpec spec = run.getSpec();
    int workers = workers(spec);
    int pods = Math.max(workers, 1);
    Map<String, String> labels = labels(name, cycle);
    return EnginePods.job(
        run,
        name(name, cycle, pods),
        labels,
        new JobSpecBuilder()
            .withCompletionMode("Indexed")
            .withCompletions(pods)
            .withParallelism(pods)
            .withSuspend(workers == 0)
            .withBackoffLimit(settings.backoffLimit())
            .withTemplate(template(labels, args(run, cycle, pods, settings), settings))
            .build());
  }

  /** The id the shadow workers of ShadowRun {@code namespace/name} write their results under. */
  public static String shadowRunId(String namespace, String name) {
    return namespace + "/" + name;
  }

  /**
   * The {@code shadowflow shadow} command line of one worker of {@code cycle}: the operator numbers
   * the cycles, so a worker restarted or re-sharded mid-cycle finishes that cycle.
   */
  static List<String> args(ShadowRun run, int cycle, int shards, EngineSettings settings) {
    ShadowRunSpec spec = run.getSpec();
    long from = spec.seeds.from == null ? 0 : spec.seeds.from;
    ShadowMode mode = mode(spec);
    List<String> args =
        new ArrayList<>(
            List.of(
                "shadow",
                MANIFEST_DIR + "/" + MANIFEST_KEY,
                "--seeds",
                from + ".." + (from + spec.seeds.count),
                "--iterations",
                Integer.toString(iterations(spec)),
                "--mode",
                mode.wireName(),
                // The shard index comes from the env JOB_COMPLETION_INDEX, set by the Job
                // controller: arguments are never expanded (ContainerArgs).
                "--shard-count",
                Integer.toString(shards),
                "--cycle",
                Integer.toString(cycle),
                "--id",
                shadowRunId(run.getMetadata().getNamespace(), run.getMetadata().getName()),
                "--keep-cycles",
                Integer.toString(
                    spec.keepCycles == null ? ShadowRunSpec.DEFAULT_KEEP_CYCLES : spec.keepCycles),
                // Mismatches are findings written to the results, not a failure of the worker.
                "--no-fail-on-mismatch",
                // Workers never talk to Kubernetes: they ask the operator for container steps'
                // pods.
                "--container-steps",
                "pods",
                "--db-schema",
                settings.databaseSchema()));
    if (spec.faults != null && spec.faults.types != null && !spec.faults.types.isEmpty()) {
      args.addAll(
          List.of(
              "--faults",
              spec.faults.types.stream().map(Enum::name).collect(Collectors.joining(","))));
      if (spec.faults.probability != null) {
        args.addAll(List.of("--fault-probability", spec.faults.probability.toString()));
      }
    }
    if (spec.cpuStress != null && spec.cpuStress > 0) {
      args.addAll(List.of("--cpu-stress", spec.cpuStress.toString()));
    }
    return args;
  }

  private static PodTemplateSpec template(
      Map<String, String> labels, List<String> args, EngineSettings settings) {
    EnvVar index =
        new EnvVarBuilder()
            .withName("JOB_COMPLETION_INDEX")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.annotations['batch.kubernetes.io/job-completion-index']")
            .endFieldRef()
            .endValueFrom()
            .build();
    return new PodTemplateSpecBuilder(
            EnginePods.template(labels, args, List.of(index), List.of(), settings))
        .editSpec()
        .editFirstContainer()
        .addNewVolumeMount()
        .withName("workflow")
        .withMountPath(MANIFEST_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("workflow")
        .withNewConfigMap()
        .withName(configMapName(labels.get(Labels.SHADOW_RUN)))
        .endConfigMap()
        .endVolume()
        .endSpec()
        .build();
  }
}
