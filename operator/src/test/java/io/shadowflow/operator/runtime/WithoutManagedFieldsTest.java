package io.shadowflow.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.shadowflow.api.Workflow;
import java.util.List;
import org.junit.jupiter.api.Test;

class WithoutManagedFieldsTest {
  @Test
  void keepsTheResourceButNotItsManagedFields() {
    Workflow workflow = new Workflow();
    workflow.getMetadata().setNamespace("apps");
    workflow.getMetadata().setName("orders");
    workflow.getMetadata().setResourceVersion("3");
    workflow
        .getMetadata()
        .setManagedFields(
            List.of(
                new ManagedFieldsEntryBuilder()
                    .withManager("kubectl")
                    .withOperation("Apply")
                    .build()));
    var store = new WithoutManagedFields<Workflow>();

    store.put(store.getKey(workflow), workflow);

    Workflow cached = store.get("apps/orders");
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("3");
    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
  }
}
