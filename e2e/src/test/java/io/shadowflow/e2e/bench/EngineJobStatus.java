package io.shadowflow.e2e.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * What the Job controller writes in an engine Job's status while its one pod runs and when it ends,
 * as JSON merge patches of the status subresource; and which exit codes end the Job at once (its
 * pod failure policy) rather than start another pod.
 */
final class EngineJobStatus {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final int DEFAULT_BACKOFF_LIMIT = 6;

  private EngineJobStatus() {}

  /** Its pod runs. */
  static String running(Instant now) {
    ObjectNode status = JSON.objectNode();
    status.put("startTime", time(now));
    status.put("active", 1);
    status.put("ready", 1);
    return patch(status);
  }

  /** Its pod exited 0: the Job is complete. */
  static String succeeded(Instant now) {
    ObjectNode status = ended(now);
    status.put("succeeded", 1);
    status.put("completionTime", time(now));
    ArrayNode conditions = status.putArray("conditions");
    String message = "Reached expected number of succeeded pods";
    conditions.add(condition("SuccessCriteriaMet", "CompletionsReached", message, now));
    conditions.add(condition("Complete", "CompletionsReached", message, now));
    return patch(status);
  }

  /** Its last pod failed and no other will start: the Job failed. */
  static String failed(int failedPods, String reason, String message, Instant now) {
    ObjectNode status = ended(now);
    status.put("failed", failedPods);
    ArrayNode conditions = status.putArray("conditions");
    conditions.add(condition("FailureTarget", reason, message, now));
    conditions.add(condition("Failed", reason, message, now));
    return patch(status);
  }

  /** Whether the Job's pod failure policy fails the Job on {@code exitCode} (rule FailJob, In). */
  static boolean failsJob(Job job, int exitCode) {
    List<PodFailurePolicyRule> rules =
        job.getSpec().getPodFailurePolicy() == null
            ? List.of()
            : job.getSpec().getPodFailurePolicy().getRules();
    return rules.stream()
        .filter(rule -> "FailJob".equals(rule.getAction()) && rule.getOnExitCodes() != null)
        .map(PodFailurePolicyRule::getOnExitCodes)
        .anyMatch(
            codes -> "In".equals(codes.getOperator()) && codes.getValues().contains(exitCode));
  }

  /** The failed pods after which the Job fails. */
  static int backoffLimit(Job job) {
    return Optional.ofNullable(job.getSpec().getBackoffLimit()).orElse(DEFAULT_BACKOFF_LIMIT);
  }

  private static ObjectNode ended(Instant now) {
    ObjectNode status = JSON.objectNode();
    // A merge patch keeps what it does not name: null removes the running pod's count.
    status.putNull("active");
    status.put("ready", 0);
    return status;
  }

  private static ObjectNode condition(String type, String reason, String message, Instant now) {
    ObjectNode condition = JSON.objectNode();
    condition.put("type", type);
    condition.put("status", "True");
    condition.put("reason", reason);
    condition.put("message", message);
    condition.put("lastProbeTime", time(now));
    condition.put("lastTransitionTime", time(now));
    return condition;
  }

  private static String patch(ObjectNode status) {
    ObjectNode patch = JSON.objectNode();
    patch.set("status", status);
    return patch.toString();
  }

  private static String time(Instant now) {
    return now.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
