package io.shadowflow.operator.workflow;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.checkpoint.RunStatus;
import io.shadowflow.engine.runs.ChildRequests;
import io.shadowflow.engine.runs.ChildRequests.ChildRequest;
import io.shadowflow.operator.jobs.EnginePods;
import io.shadowflow.operator.jobs.Labels;
import io.shadowflow.operator.status.EventRecorder;
import java.net.HttpURLConnection;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps a run's child workflows in line: creates a Workflow for each child its engine recorded,
 * owned by the parent and labelled with its name, and suspends or resumes the children with the
 * parent. A child's name comes from the parent run and its step, so a second reconcile (or a second
 * operator) finds the child instead of creating another. The children's outcomes reach the parent
 * through the database, not through here.
 */
public final class ChildWorkflowStep {
  private final ChildRequests requests;
  private final EventRecorder events;

  public ChildWorkflowStep(ChildRequests requests, EventRecorder events) {
    this.requests = requests;
    this.events = events;
  }

  /** Creates the missing children of {@code run} and gives each the parent's replicas. */
  public void reconcile(Workflow parent, WorkflowRun run, KubernetesClient client) {
    if (run == null
        || run.summary().children() == 0
        || run.summary().status() != RunStatus.RUNNING) {
      return;
    }
    int replicas = replicas(parent);
    for (ChildRequest request : requests.of(run.runId())) {
      var resource =
          client
              .resources(Workflow.class)
              .inNamespace(parent.getMetadata().getNamespace())
              .withName(request.name());
      Workflow child = resource.get();
      if (child == null) {
        if (create(parent, request, replicas, client)) {
          events.normal(parent, "ChildCreated", "created child Workflow " + request.name());
        }
      } else if (replicas(child) != replicas) {
        resource.edit(
            found -> {
              found.getSpec().replicas = replicas;
              return found;
            });
      }
    }
  }

  /**
   * Deletes the children of {@code parent}: Kubernetes' garbage collector does it through the owner
   * reference too, but not every API server runs one (the test control plane does not).
   */
  public void deleteAll(Workflow parent, KubernetesClient client) {
    var workflows =
        client.resources(Workflow.class).inNamespace(parent.getMetadata().getNamespace());
    // One by one: the operator's role has delete, not deletecollection.
    for (Workflow child :
        workflows.withLabel(Labels.PARENT, parent.getMetadata().getName()).list().getItems()) {
      workflows.withName(child.getMetadata().getName()).delete();
    }
  }

  /** Creates the child; false when another reconcile created it first. */
  private static boolean create(
      Workflow parent, ChildRequest request, int replicas, KubernetesClient client) {
    Workflow child =
        client.getKubernetesSerialization().convertValue(request.manifest(), Workflow.class);
    child.setMetadata(
        EnginePods.owned(
            parent, request.name(), Map.of(Labels.PARENT, parent.getMetadata().getName())));
    child.getSpec().replicas = replicas;
    try {
      client.resource(child).create();
      return true;
    } catch (KubernetesClientException e) {
      // Another reconcile created it first: it is there, which is all this asks.
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      return false;
    }
  }

  private static int replicas(Workflow workflow) {
    return Objects.requireNonNullElse(workflow.getSpec().replicas, 1);
  }
}
