package io.shadowflow.e2e.dev;

import io.shadowflow.console.ConsoleServer;
import io.shadowflow.console.ConsoleSettings;
import io.shadowflow.console.NamespaceAccess;
import io.shadowflow.e2e.LocalControlPlane;
import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.checkpoint.EmbeddedDatabase;
import io.shadowflow.engine.view.Namespaces;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./shadowflow dev}: the operator on this machine, without a cluster. It starts an embedded
 * PostgreSQL, the local Kubernetes API with the CRDs, the pod runner and the operator, writes a
 * kubeconfig, serves the console, prints what to try, and runs until Ctrl-C.
 */
public final class DevMain {
  private static final String NAMESPACE = "default";
  private static final int CONSOLE_PORT = 7070;

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
    Database consoleDatabase = Database.connectExisting(DatabaseConfig.of(postgres.jdbcUrl()));
    ConsoleServer console = startConsole(consoleDatabase);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    console.close();
                    consoleDatabase.close();
                    plane.close();
                  } finally {
                    postgres.close();
                    stopped.countDown();
                  }
                },
                "shadowflow-dev-stop"));
    printWelcome(System.out, plane, root.relativize(kubeconfig), console.uri());
    stopped.await();
  }

  /**
   * The console over the control plane's database, on this machine only; its reader sees every
   * namespace (there is no cluster to ask). On {@link #CONSOLE_PORT}, or any port when taken.
   */
  private static ConsoleServer startConsole(Database database) {
    Namespaces namespaces = new Namespaces(database.dataSource());
    NamespaceAccess everything = (request, resource) -> namespaces.all();
    try {
      return ConsoleServer.start(
          database.dataSource(), everything, ConsoleSettings.DEFAULTS, "127.0.0.1", CONSOLE_PORT);
    } catch (RuntimeException portTaken) {
      return ConsoleServer.start(
          database.dataSource(), everything, ConsoleSettings.DEFAULTS, "127.0.0.1", 0);
    }
  }

  private static void printWelcome(
      PrintStream out, LocalControlPlane plane, Path kubeconfig, URI console) {
    out.printf(
        """

        shadowflow dev: a local control plane is running
          Kubernetes API  %s (the shadowflow CRDs applied)
          operator        in-process, engine image %s runs as local JVMs
          PostgreSQL      embedded, data in .shadowflow/dev/postgres
          pod logs        .shadowflow/dev/pods/NAMESPACE/POD.log (also: kubectl logs)
          its own log     .shadowflow/dev/control-plane.log
          console         %s (runs, steps, shadow runs; read-only)

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
        plane.api().url(), plane.engineImage(), console, kubeconfig);
    out.flush();
  }
}
