package io.shadowflow.engine.cli;

import io.shadowflow.engine.container.ContainerRunner;
import io.shadowflow.engine.container.LocalContainers;
import io.shadowflow.engine.container.PodContainers;
import io.shadowflow.engine.container.PodOwner;
import javax.sql.DataSource;
import picocli.CommandLine.Option;

/** Where container steps run: as processes here, or as pods the operator starts. */
final class ContainerStepOptions {
  /** The places a container step can run. */
  enum Where {
    /** as processes of this machine */
    local,
    /** as pods the operator starts, asked for through the database */
    pods
  }

  @Option(
      names = "--container-steps",
      defaultValue = "local",
      description =
          "How container steps run: local (their command as a process here) or pods (the operator"
              + " starts a pod per attempt; engine pods and ShadowRun workers run so)")
  Where where;

  boolean inPods() {
    return where == Where.pods;
  }

  /** What runs the container steps of {@code owner}; {@code dataSource} serves pods only. */
  ContainerRunner runner(DataSource dataSource, PodOwner owner) {
    return inPods() ? new PodContainers(dataSource, owner) : LocalContainers.INSTANCE;
  }
}
