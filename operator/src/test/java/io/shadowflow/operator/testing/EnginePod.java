package io.shadowflow.operator.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.shadowflow.engine.cli.Main;
import io.shadowflow.engine.failure.ExitReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Does what the engine pod of a Job would do, in this process: runs the real engine CLI with the
 * Job's arguments. The database URL comes from the Job's Secret in a cluster; here, from the test.
 */
public final class EnginePod {
  private static final Pattern HASH = Pattern.compile("workflow hash: ([0-9a-f]{64})");

  /** What the pod printed and how it exited. */
  public record Exit(int code, String out, String err) {
    public String workflowHash() {
      Matcher matcher = HASH.matcher(out);
      return matcher.find() ? matcher.group(1) : null;
    }
  }

  private EnginePod() {}

  /**
   * Runs the Job's arguments against {@code jdbcUrl}, plus {@code more} (what the pod's env says).
   */
  public static Exit run(Job job, String jdbcUrl, String... more) {
    List<String> args =
        new ArrayList<>(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
    args.addAll(List.of("--jdbc-url", jdbcUrl));
    args.addAll(List.of(more));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
    return new Exit(code, out.toString(), err.toString());
  }

  /**
   * What the Job controller and a kubelet would leave in the API for a pod of {@code job} that
   * started and then stopped with exit code 3 and {@code report} as its termination message.
   */
  public static Pod failed(KubernetesClient client, Job job, ExitReport report) {
    String namespace = job.getMetadata().getNamespace();
    Map<String, String> labels =
        new HashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
    labels.put("job-name", job.getMetadata().getName());
    Pod pod =
        client
            .pods()
            .inNamespace(namespace)
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(
                        job.getMetadata().getName()
                            + "-"
                            + UUID.randomUUID().toString().substring(0, 5))
                    .withNamespace(namespace)
                    .withLabels(labels)
                    .endMetadata()
                    .withSpec(job.getSpec().getTemplate().getSpec())
                    .build())
            .create();
    // A kubelet writes status through the status subresource, as the API server requires.
    return client
        .pods()
        .inNamespace(namespace)
        .withName(pod.getMetadata().getName())
        .editStatus(
            p ->
                new PodBuilder(p)
                    .editStatus()
                    .withPhase("Failed")
                    .addNewContainerStatus()
                    .withName("engine")
                    .withNewState()
                    .withNewTerminated()
                    .withExitCode(Main.CANNOT_CONTINUE)
                    .withReason("Error")
                    .withMessage(report.json())
                    .withFinishedAt(Instant.now().toString())
                    .endTerminated()
                    .endState()
                    .endContainerStatus()
                    .endStatus()
                    .build());
  }
}
