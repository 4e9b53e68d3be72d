package io.shadowflow.operator.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class JobCacheTest {
  private final ItemStore<Job> store = JobCache.store(new KubernetesSerialization());

  private static Job engineJob() {
    return new JobBuilder()
        .withNewMetadata()
        .withNamespace("apps")
        .withName("orders-engine")
        .withUid("uid-1")
        .withResourceVersion("7")
        .addToLabels(Labels.RUN_ID, "run-1")
        .addNewOwnerReference()
        .withKind("Workflow")
        .withName("orders")
        .withUid("owner-uid")
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withSuspend(true)
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("engine")
        .withImage("shadowflow/engine")
        .addNewEnv()
        .withName("SHADOWFLOW_RUN_ID")
        .withValue("run-1")
        .endEnv()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .withNewStatus()
        .withActive(1)
        .endStatus()
        .build();
  }

  @Test
  void keepsWhatTheReconcilersReadAndDropsThePodTemplate() {
    Job job = engineJob();
    store.put(store.getKey(job), job);

    Job cached = store.get("apps/orders-engine");

    assertThat(cached.getMetadata().getName()).isEqualTo("orders-engine");
    assertThat(cached.getMetadata().getNamespace()).isEqualTo("apps");
    assertThat(cached.getMetadata().getUid()).isEqualTo("uid-1");
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(cached.getMetadata().getLabels()).containsEntry(Labels.RUN_ID, "run-1");
    assertThat(cached.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(owner -> assertThat(owner.getUid()).isEqualTo("owner-uid"));
    assertThat(cached.getSpec().getSuspend()).isTrue();
    assertThat(Jobs.active(cached)).isEqualTo(1);
    assertThat(cached.getSpec().getTemplate()).isNull();
  }
}
