package io.shadowflow.operator.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * A controller's informer cache without {@code metadata.managedFields}: a real API server records
 * every writer's fields on every object, often as much as the spec, and nothing in the operator
 * reads them. Held for every Workflow, they would be a large part of the operator's heap.
 */
final class WithoutManagedFields<R extends HasMetadata> extends BasicItemStore<R> {
  WithoutManagedFields() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public R put(String key, R resource) {
    resource.getMetadata().setManagedFields(null);
    return super.put(key, resource);
  }
}
