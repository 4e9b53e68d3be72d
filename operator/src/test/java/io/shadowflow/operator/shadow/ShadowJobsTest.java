package io.shadowflow.operator.shadow;

import static io.shadowflow.operator.shadow.ShadowRunFixtures.shadowRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.shadowflow.api.ShadowRun;
import io.shadowflow.operator.jobs.Labels;
import io.shadowflow.operator.testing.TestEngineSettings;
import org.junit.jupiter.api.Test;

class ShadowJobsTest {
  private static Job job(int workers) {
    return ShadowJobs.desired(shadowRun(workers, null, null), 4, TestEngineSettings.SETTINGS);
  }

  private static Container container(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void theWorkersAreAnIndexedJobWithOnePodPerShard() {
    Job job = job(3);
    assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(job.getSpec().getCompletions()).isEqualTo(3);
    assertThat(job.getSpec().getParallelism()).isEqualTo(3);
    assertThat(job.getSpec().getSuspend()).isFalse();
    assertThat(job.getMetadata().getName()).isEqualTo("nightly-c4-w3");
    assertThat(job.getMetadata().getLabels())
        .containsEntry(Labels.SHADOW_RUN, "nightly")
        .containsEntry(Labels.CYCLE, "4")
        .containsEntry(Labels.COMPONENT, Labels.SHADOW_WORKER);
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("ShadowRun"));
  }

  @Test
  void eachPodReplaysItsShardOfTheSeedsOfTheCycleTheOperatorNumbered() {
    Container container = container(job(3));
    assertThat(container.getArgs())
        .startsWith("shadow", "/etc/shadowflow/workflow/workflow.yaml")
        .containsSequence("--seeds", "0..7500")
        .containsSequence("--iterations", "3")
        .doesNotContain("--shard-index")
        .containsSequence("--mode", "both", "--shard-count", "3", "--cycle", "4")
        .containsSequence("--id", "apps/nightly", "--keep-cycles", "10", "--no-fail-on-mismatch")
        .containsSequence("--container-steps", "pods")
        .containsSequence("--faults", "HTTP_503,CONNECTION_RESET", "--fault-probability", "0.05");
    assertThat(container.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("JOB_COMPLETION_INDEX");
              assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                  .contains("job-completion-index");
            });
    assertThat(container.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo(ShadowJobs.MANIFEST_DIR));
    assertThat(job(3).getSpec().getTemplate().getSpec().getVolumes())
        .extracting(v -> v.getConfigMap() == null ? null : v.getConfigMap().getName())
        .contains("nightly-workflow");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
  }

  @Test
  void zeroWorkersSuspendTheJob() {
    assertThat(job(0).getSpec().getSuspend()).isTrue();
  }

  @Test
  void theCyclesWhoseResultsAreKeptArePassedOn() {
    ShadowRun run = shadowRun(2, null, null);
    run.getSpec().keepCycles = 3;
    assertThat(container(ShadowJobs.desired(run, 0, TestEngineSettings.SETTINGS)).getArgs())
        .containsSequence("--keep-cycles", "3");
  }

  @Test
  void cpuStressIsPassedOnWhenAsked() {
    ShadowRun run = shadowRun(2, null, null);
    run.getSpec().cpuStress = 2;
    assertThat(container(ShadowJobs.desired(run, 0, TestEngineSettings.SETTINGS)).getArgs())
        .containsSequence("--cpu-stress", "2");
  }

  @Test
  void shadowWorkersGetTheEnginesEgressPolicy() {
    assertThat(container(job(2)).getEnv())
        .filteredOn(e -> e.getName().startsWith("SHADOWFLOW_EGRESS_"))
        .extracting(e -> e.getName() + "=" + e.getValue())
        .containsExactly(
            "SHADOWFLOW_EGRESS_DENY="
                + String.join(",", TestEngineSettings.SETTINGS.egress().deny()),
            "SHADOWFLOW_EGRESS_ALLOW=10.96.0.10/32");
  }
}
