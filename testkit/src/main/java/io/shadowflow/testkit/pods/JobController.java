package io.shadowflow.testkit.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Job controller's part: from a Job and its pods, decide which pods to create or delete, and
 * write the Job's status (active, ready, succeeded, failed, completedIndexes, and the Suspended,
 * Complete and Failed conditions).
 *
 * <p>It honours completions, parallelism and the Indexed completion mode, {@code suspend}, {@code
 * backoffLimit} (failed pods are replaced after a short exponential backoff) and {@code
 * podReplacementPolicy} (with {@code Failed}, a terminating pod is replaced only once its process
 * is gone). Every failed pod counts against the backoff limit, whatever the restart policy.
 */
public final class JobController {
  private static final Logger LOG = LoggerFactory.getLogger(JobController.class);
  private static final int DEFAULT_BACKOFF_LIMIT = 6;

  private final KubernetesClient client;
  private final JobPods jobPods;
  private final Predicate<Pod> running;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  // job uid -> when its last pod failed, to hold back the replacement
  private final Map<String, Instant> lastFailure = new ConcurrentHashMap<>();

  /**
   * @param running whether a pod's process runs now (counts as ready)
   */
  public JobController(
      KubernetesClient client,
      Predicate<Pod> running,
      Duration initialBackoff,
      Duration maxBackoff) {
    this.client = client;
    this.jobPods = new JobPods(client.getKubernetesSerialization());
    this.running = running;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
  }

  /** Records that a pod of the Job failed now. */
  public void podFailed(String jobUid) {
    lastFailure.put(jobUid, Instant.now());
  }

  /** Forgets the Jobs that are gone. */
  public void retainOnly(Set<String> jobUids) {
    lastFailure.keySet().retainAll(jobUids);
  }

  /**
   * Reconciles one Job.
   *
   * @param pods the Job's pods as stored now
   * @return when to look again for a reason of its own (a backoff), if any
   */
  public Optional<Instant> reconcile(Job job, List<Pod> pods) {
    JobSpec spec = job.getSpec();
    JobStatus current = job.getStatus() == null ? new JobStatus() : job.getStatus();
    JobStatus status = client.getKubernetesSerialization().clone(current);
    Instant now = Instant.now();
    boolean indexed = JobPods.isIndexed(job);
    int completions = Optional.ofNullable(spec.getCompletions()).orElse(1);
    int parallelism = Optional.ofNullable(spec.getParallelism()).orElse(1);
    int backoffLimit = Optional.ofNullable(spec.getBackoffLimit()).orElse(DEFAULT_BACKOFF_LIMIT);

    List<Pod> terminating = select(pods, p -> p.getMetadata().getDeletionTimestamp() != null);
    List<Pod> live = select(pods, p -> p.getMetadata().getDeletionTimestamp() == null);
    List<Pod> active =
        select(live, p -> Set.of("Pending", "Running").contains(PodStatuses.phase(p)));
    List<Pod> succeeded = select(live, p -> PodStatuses.phase(p).equals("Succeeded"));
    List<Pod> failed = select(live, p -> PodStatuses.phase(p).equals("Failed"));
    Set<Integer> doneIndexes = indexes(succeeded);
    Optional<Instant> retryAt = Optional.empty();

    if (isFinished(current)) {
      deleteAll(active);
      active = List.of();
    } else if (Boolean.TRUE.equals(spec.getSuspend())) {
      deleteAll(active);
      active = List.of();
      setCondition(status, "Suspended", "True", "JobSuspended", "Job suspended", now);
    } else if (failed.size() > backoffLimit) {
      deleteAll(active);
      active = List.of();
      setCondition(
          status,
          "FailureTarget",
          "True",
          "BackoffLimitExceeded",
          "Job has reached the specified backoff limit",
          now);
      setCondition(
          status,
          "Failed",
          "True",
          "BackoffLimitExceeded",
          "Job has reached the specified backoff limit",
          now);
    } else if (indexed
        ? doneIndexes.containsAll(range(completions))
        : succeeded.size() >= completions) {
      deleteAll(active);
      active = List.of();
      setCondition(
          status,
          "SuccessCriteriaMet",
          "True",
          "CompletionsReached",
          "Reached expected number of succeeded pods",
          now);
      setCondition(
          status,
          "Complete",
          "True",
          "CompletionsReached",
          "Reached expected number of succeeded pods",
          now);
      status.setCompletionTime(PodStatuses.time(now));
    } else {
      if (hasCondition(current, "Suspended", "True")) {
        setCondition(status, "Suspended", "False", "JobResumed", "Job resumed", now);
        status.setStartTime(null);
      }
      if (status.getStartTime() == null) {
        status.setStartTime(PodStatuses.time(now));
      }
      retryAt = backoffUntil(job, failed.size(), now);
      if (retryAt.isEmpty()) {
        boolean waitForTerminating =
            "Failed".equals(spec.getPodReplacementPolicy()) && !terminating.isEmpty();
        List<Pod> blocking = waitForTerminating ? concat(active, terminating) : active;
        active =
            concat(
                active,
                createPods(
                    job,
                    indexed,
                    completions,
                    parallelism,
                    succeeded.size(),
                    doneIndexes,
                    blocking));
      }
    }

    status.setActive(active.isEmpty() ? null : active.size());
    int ready = (int) active.stream().filter(running).count();
    status.setReady(ready);
    status.setTerminating(terminating.isEmpty() ? null : terminating.size());
    status.setSucceeded(succeeded.isEmpty() ? null : succeeded.size());
    status.setFailed(failed.isEmpty() ? null : failed.size());
    status.setCompletedIndexes(indexed ? compress(doneIndexes) : null);
    if (StatusPatch.write(client, job, current, status)) {
      LOG.debug("job {}: status {}", job.getMetadata().getName(), status);
    }
    return retryAt;
  }

  private List<Pod> createPods(
      Job job,
      boolean indexed,
      int completions,
      int parallelism,
      int succeeded,
      Set<Integer> doneIndexes,
      List<Pod> blocking) {
    List<Pod> created = new ArrayList<>();
    if (indexed) {
      Set<Integer> busy = indexes(blocking);
      List<Integer> pending =
          range(completions).stream()
              .filter(i -> !doneIndexes.contains(i) && !busy.contains(i))
              .toList();
      int room = Math.max(0, parallelism - blocking.size());
      pending.stream().limit(room).forEach(i -> created.add(create(job, i)));
    } else {
      int wanted = Math.min(parallelism, completions - succeeded) - blocking.size();
      for (int i = 0; i < wanted; i++) {
        created.add(create(job, null));
      }
    }
    return created;
  }

  private Pod create(Job job, Integer index) {
    Pod pod = jobPods.newPod(job, index);
    pod.getMetadata().setFinalizers(List.of(Kubelet.PROCESS_FINALIZER));
    Pod stored = client.resource(pod).create();
    LOG.info(
        "job {}/{}: created pod {}",
        job.getMetadata().getNamespace(),
        job.getMetadata().getName(),
        stored.getMetadata().getName());
    return stored;
  }

  private void deleteAll(List<Pod> pods) {
    pods.forEach(pod -> client.resource(pod).delete());
  }

  private Optional<Instant> backoffUntil(Job job, int failures, Instant now) {
    Instant failedAt = lastFailure.get(job.getMetadata().getUid());
    if (failures == 0 || failedAt == null) {
      return Optional.empty();
    }
    long factor = 1L << Math.min(failures - 1, 20);
    Duration delay = initialBackoff.multipliedBy(factor);
    if (delay.compareTo(maxBackoff) > 0) {
      delay = maxBackoff;
    }
    Instant until = failedAt.plus(delay);
    return until.isAfter(now) ? Optional.of(until) : Optional.empty();
  }

  private static boolean isFinished(JobStatus status) {
    return hasCondition(status, "Complete", "True") || hasCondition(status, "Failed", "True");
  }

  private static boolean hasCondition(JobStatus status, String type, String value) {
    return status.getConditions() != null
        && status.getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && value.equals(c.getStatus()));
  }

  // lastTransitionTime moves only when the condition's status does, as the conventions say.
  private static void setCondition(
      JobStatus status, String type, String value, String reason, String message, Instant now) {
    List<JobCondition> conditions =
        status.getConditions() == null
            ? new ArrayList<>()
            : new ArrayList<>(status.getConditions());
    Optional<JobCondition> existing =
        conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    if (existing.isPresent()
        && value.equals(existing.get().getStatus())
        && Objects.equals(reason, existing.get().getReason())) {
      return;
    }
    String time = PodStatuses.time(now);
    JobCondition condition =
        new JobConditionBuilder()
            .withType(type)
            .withStatus(value)
            .withReason(reason)
            .withMessage(message)
            .withLastProbeTime(time)
            .withLastTransitionTime(
                existing.isPresent() && value.equals(existing.get().getStatus())
                    ? existing.get().getLastTransitionTime()
                    : time)
            .build();
    existing.ifPresent(conditions::remove);
    conditions.add(condition);
    status.setConditions(conditions);
  }

  private static Set<Integer> indexes(List<Pod> pods) {
    return pods.stream()
        .map(JobPods::index)
        .flatMap(Optional::stream)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<Integer> range(int completions) {
    return IntStream.range(0, completions).boxed().toList();
  }

  /** {@code 0,1,2,5} as {@code 0-2,5}, the format of {@code status.completedIndexes}. */
  static String compress(Set<Integer> indexes) {
    if (indexes.isEmpty()) {
      return null;
    }
    List<String> ranges = new ArrayList<>();
    Integer start = null;
    Integer previous = null;
    for (int index : new TreeSet<>(indexes)) {
      if (start == null) {
        start = index;
      } else if (index != previous + 1) {
        ranges.add(start.equals(previous) ? start.toString() : start + "-" + previous);
        start = index;
      }
      previous = index;
    }
    ranges.add(start.equals(previous) ? start.toString() : start + "-" + previous);
    return String.join(",", ranges);
  }

  private static List<Pod> select(List<Pod> pods, Predicate<Pod> filter) {
    return pods.stream().filter(filter).toList();
  }

  private static List<Pod> concat(List<Pod> a, List<Pod> b) {
    List<Pod> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
