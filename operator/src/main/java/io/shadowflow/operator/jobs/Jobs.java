package io.shadowflow.operator.jobs;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.util.Optional;

/** Creating Jobs idempotently, and reading what a Job's status says. */
public final class Jobs {
  private Jobs() {}

  /**
   * Creates {@code job}, or returns the one of that name if it exists already (the informer's cache
   * may lag behind, e.g. right after an operator restart): a deterministic name never makes a
   * duplicate. The created Job goes into the SDK's cache so the next reconcile sees it.
   */
  @SuppressWarnings("unchecked")
  public static <P extends HasMetadata> Job create(Job job, Context<P> context) {
    Job created;
    try {
      created = context.getClient().resource(job).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      return context.getClient().resource(job).get();
    }
    context.eventSourceRetriever().getEventSourcesFor(Job.class).stream()
        .filter(InformerEventSource.class::isInstance)
        .map(source -> (InformerEventSource<Job, P>) source)
        .findFirst()
        .ifPresent(
            source -> source.handleRecentResourceCreate(ResourceID.fromResource(created), created));
    return created;
  }

  /** The condition of {@code type} if it is True. */
  public static Optional<JobCondition> condition(Job job, String type) {
    if (job == null || job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  public static boolean complete(Job job) {
    return condition(job, "Complete").isPresent();
  }

  public static boolean failed(Job job) {
    return condition(job, "Failed").isPresent();
  }

  public static boolean finished(Job job) {
    return complete(job) || failed(job);
  }

  /** Pods of the Job running now. */
  public static int active(Job job) {
    if (job == null || job.getStatus() == null || job.getStatus().getActive() == null) {
      return 0;
    }
    return job.getStatus().getActive();
  }
}
