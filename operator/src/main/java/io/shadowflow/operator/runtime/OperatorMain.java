package io.shadowflow.operator.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.operator.shadow.StoredShadowSummaries;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Entry point of the operator's container: configured by flags or environment variables. */
@Command(
    name = "shadowflow-operator",
    mixinStandardHelpOptions = true,
    description = "Reconciles Workflows and ShadowRuns into engine Jobs; status from PostgreSQL.")
public final class OperatorMain implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(OperatorMain.class);

  @Mixin OperatorOptions options;

  public static void main(String[] args) {
    CommonPool.atLeastTwoThreads();
    System.exit(new CommandLine(new OperatorMain()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    OperatorConfig config = options.toConfig();
    log.info("common pool parallelism {}", ForkJoinPool.getCommonPoolParallelism());
    KubernetesClient client = new KubernetesClientBuilder().build();
    ShadowflowOperator operator;
    try {
      // A replica that cannot go on exits; the kubelet starts it again.
      operator =
          ShadowflowOperator.start(
              config, client, StoredShadowSummaries::new, reason -> System.exit(1));
    } catch (WorkflowFailure e) {
      // The database is unreachable or cannot be migrated: say so in one line, and let the
      // kubelet restart the pod with backoff.
      log.error("cannot start: {}", e.describe());
      client.close();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // SIGTERM from the kubelet: let running reconciles finish, then exit.
                  operator.close();
                  client.close();
                  stopped.countDown();
                },
                "shadowflow-shutdown"));
    stopped.await();
    return 0;
  }
}
