package io.shadowflow.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal operator with the SDK's production defaults: a finalizer (it is a Cleaner), status
 * written by server-side apply, and a ConfigMap kept by server-side apply as a dependent.
 */
@ControllerConfiguration(name = "widgets")
@Workflow(dependents = @Dependent(type = WidgetReconciler.Settings.class))
public class WidgetReconciler implements Reconciler<Widget>, Cleaner<Widget> {
  /** Names of the widgets cleaned up, in order. */
  public final List<String> cleaned = new CopyOnWriteArrayList<>();

  @Override
  public UpdateControl<Widget> reconcile(Widget widget, Context<Widget> context) {
    // As the conventions say for SSA: a fresh object with only name, namespace and status.
    Widget status = new Widget();
    status.getMetadata().setName(widget.getMetadata().getName());
    status.getMetadata().setNamespace(widget.getMetadata().getNamespace());
    status.setStatus(new Widget.Status());
    status.getStatus().phase = "Ready";
    status.getStatus().replicas = widget.getSpec().replicas;
    return UpdateControl.patchStatus(status);
  }

  @Override
  public DeleteControl cleanup(Widget widget, Context<Widget> context) {
    cleaned.add(widget.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  /** The widget's settings as a ConfigMap. */
  public static class Settings extends CRUDKubernetesDependentResource<ConfigMap, Widget> {
    public Settings() {
      super(ConfigMap.class);
    }

    @Override
    protected ConfigMap desired(Widget widget, Context<Widget> context) {
      return new ConfigMapBuilder()
          .withNewMetadata()
          .withName(widget.getMetadata().getName() + "-settings")
          .withNamespace(widget.getMetadata().getNamespace())
          .endMetadata()
          .withData(Map.of("color", String.valueOf(widget.getSpec().color)))
          .build();
    }
  }
}
