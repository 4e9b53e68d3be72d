package io.shadowflow.operator.jobs;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * What the operator's informers keep of its Jobs: identity, labels, owners, whether a Job is
 * suspended, and its status. The pod template, most of a Job's size, is written once and never read
 * back, and holding it made the operator's heap grow by some 10 KiB per Workflow.
 */
public final class JobCache {
  private JobCache() {}

  /** An item store with those fields only, keyed by namespace and name as informers key Jobs. */
  public static ItemStore<Job> store(KubernetesSerialization serialization) {
    return new ReducedStateItemStore<>(
        ReducedStateItemStore.NAME_KEY_STATE,
        Job.class,
        serialization,
        "metadata.uid",
        "metadata.labels",
        "metadata.ownerReferences",
        "metadata.deletionTimestamp",
        "spec.suspend",
        "status");
  }
}
