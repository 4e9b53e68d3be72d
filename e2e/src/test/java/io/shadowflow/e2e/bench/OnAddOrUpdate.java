package io.shadowflow.e2e.bench;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Consumer;

/** An informer handler that hands each added or updated object to {@code seen}; deletes are not. */
record OnAddOrUpdate<T>(Consumer<T> seen) implements ResourceEventHandler<T> {
  @Override
  public void onAdd(T object) {
    seen.accept(object);
  }

  @Override
  public void onUpdate(T old, T object) {
    seen.accept(object);
  }

  @Override
  public void onDelete(T object, boolean finalStateUnknown) {}
}
