package io.shadowflow.e2e.dev;

import io.shadowflow.e2e.LocalControlPlane;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.checkpoint.EmbeddedDatabase;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./shadowflow dev}: the operator on this machine, without a cluster. It starts an embedded
 * PostgreSQL, the local Kubernetes API with the CRDs, the pod runner and the operator, writes a
 * kubeconfig, prints what to try, and runs until Ctrl-C.
 */
public final class DevMain {
  private static final String NAMESPACE = "default";

  private DevMain() {}

  /** Arguments: the repository root (for crds/ and examples/); the working directory by default. */
  public static void main(String[] args) throws InterruptedException {
    Path root = Path.of(args.length > 0 ? args[0] : "").toAbsolutePath();
    // Its own data folder: a `./shadowflow run` beside it keeps .shadowflow/postgres to itself.
    Path state = root.resolve(".shadowflow");
    EmbeddedDatabase postgres = EmbeddedDatabase.start(state.resolve("dev/postgres"));
    LocalControlPlane plane;
    try {
      plane =
          LocalControlPlane.start(
              DatabaseConfig.of(postgres.jdbcUrl()),
              root.resolve("crds/generated"),
              NAMESPACE,
              LocalControlPlane.engineOnThisClasspath(),
              state.resolve("dev/pods"));
    } catch (RuntimeException e) {
      postgres.close();
      throw e;
    }
    Path kubeconfig = plane.api().writeKubeconfig(state.resolve("kubeconfig"), NAMESPACE);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    plane.close();
                  } finally {
                    postgres.close();
                    stopped.countDown();
                  }
                },
                "shadowflow-dev-stop"));
    printWelcome(System.out, plane, root.relativize(kubeconfig));
    stopped.await();
  }

  private static void printWelcome(PrintStream out, LocalControlPlane plane, Path kubeconfig) {
    out.printf(
        """

        shadowflow dev: a local control plane is running
          Kubernetes API  %s (the shadowflow CRDs applied)
          operator        in-process, engine image %s runs as local JVMs
          PostgreSQL      embedded, data in .shadowflow/dev/postgres
          pod logs        .shadowflow/dev/pods/NAMESPACE/POD.log (also: kubectl logs)
          its own log     .shadowflow/dev/control-plane.log

        In another terminal, from this folder:
          export KUBECONFIG=$PWD/%s
          kubectl apply -f examples/hello-workflow.yaml
          kubectl get wf,sr
          kubectl get wf hello -o jsonpath='{.status.phase} {.status.shortHash}{"\\n"}'
          kubectl scale wf hello --replicas=0      # suspend; --replicas=1 resumes from the checkpoint
          kubectl apply -f examples/hello-shadowrun.yaml
          kubectl get sr hello-shadow -o jsonpath='{.status.mismatches}{"\\n"}'
          kubectl describe wf hello
          kubectl annotate wf hello shadowflow.io/restart-from-step=label

          kubectl wait --for=jsonpath='{.status.phase}'=Succeeded wf/hello --timeout=2m
          kubectl explain wf.spec.steps
        What this API does and does not do: docs/test-control-plane.md.
        Ctrl-C stops everything; the runs stay in PostgreSQL, the Kubernetes objects do not.
        """,
        plane.api().url(), plane.engineImage(), kubeconfig);
    out.flush();
  }
}
