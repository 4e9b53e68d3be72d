package io.shadowflow.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.e2e.Kubectl;
import io.shadowflow.engine.testing.LocalHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One Workflow's life through kubectl: run, scale to zero and back, a killed pod, a restart. */
class WorkflowRunTest {
  private static final Duration RUN = Duration.ofSeconds(60);

  @RegisterExtension static final Shadowflow shadowflow = new Shadowflow();
  @RegisterExtension final LocalHttpServer gate = LocalHttpServer.start();
  @RegisterExtension final LocalHttpServer shop = LocalHttpServer.start();

  @Test
  void anAppliedExampleSucceedsWithTheHashTheCliPrints() {
    Kubectl kubectl = shadowflow.kubectl();
    String manifest = Manifests.helloExample(shadowflow.namespace());

    kubectl.apply(manifest);

    kubectl.awaitValue("wf", "hello", "{.status.phase}", "Succeeded", RUN);
    assertThat(kubectl.jsonpath("wf", "hello", "{.status.workflowHash}"))
        .isEqualTo(EngineCli.inMemoryHash(manifest));
    assertThat(kubectl.jsonpath("wf", "hello", "{.status.progress}")).isEqualTo("5/5");
    // Nobody copied a Secret in: the operator provisioned the namespace's own database role.
    String user =
        new String(
            Base64.getDecoder()
                .decode(kubectl.jsonpath("secret", "shadowflow-database", "{.data.username}")),
            StandardCharsets.UTF_8);
    assertThat(user).startsWith("sf_").isNotEqualTo("postgres");
  }

  @Test
  void theBranchingExampleSucceedsWithTheHashTheCliPrints() {
    Kubectl kubectl = shadowflow.kubectl();
    String manifest = Manifests.branchingExample(shadowflow.namespace());

    kubectl.apply(manifest);

    kubectl.awaitValue("wf", "branching", "{.status.phase}", "Succeeded", RUN);
    assertThat(kubectl.jsonpath("wf", "branching", "{.status.workflowHash}"))
        .isEqualTo(EngineCli.inMemoryHash(manifest));
    // 12 steps in the tree; the loop's three iterations commit 4 more.
    assertThat(kubectl.jsonpath("wf", "branching", "{.status.progress}")).isEqualTo("16/12+");
  }

  @Test
  void scalingToZeroSuspendsTheRunAndScalingBackResumesItToTheSameHash() {
    Kubectl kubectl = shadowflow.kubectl();
    gate.hold();
    String manifest =
        Manifests.gated(
            "pausing", shadowflow.namespace(), shop.url("/pausing"), gate.url("/pausing"));
    kubectl.apply(manifest);
    kubectl.awaitValue("wf", "pausing", "{.status.progress}", "3/5", RUN);

    kubectl.ok("scale", "wf", "pausing", "--replicas=0");

    kubectl.awaitValue("wf", "pausing", "{.status.phase}", "Suspended", Duration.ofSeconds(15));
    kubectl.awaitValue("pods", "", "{.items[*].metadata.name}", "", Duration.ofSeconds(15));
    assertThat(shadowflow.plane().runner().runningPods()).noneMatch(p -> p.startsWith("pausing"));
    assertThat(kubectl.jsonpath("wf", "pausing", "{.status.lastCheckpoint.step}"))
        .isEqualTo("label");

    gate.release();
    kubectl.ok("scale", "wf", "pausing", "--replicas=1");

    kubectl.awaitValue("wf", "pausing", "{.status.phase}", "Succeeded", RUN);
    assertThat(kubectl.jsonpath("wf", "pausing", "{.status.workflowHash}"))
        .isEqualTo(EngineCli.inMemoryHash(manifest));
  }

  @Test
  void anEngineKilledInTheMiddleOfAStepResumesFromItsCheckpointInTheNextPod() throws IOException {
    Kubectl kubectl = shadowflow.kubectl();
    gate.hold();
    String manifest =
        Manifests.gated("killed", shadowflow.namespace(), shop.url("/killed"), gate.url("/killed"));
    kubectl.apply(manifest);
    kubectl.awaitValue("wf", "killed", "{.status.progress}", "3/5", RUN);
    String firstPod = pods(kubectl).get(0);

    assertThat(shadowflow.plane().runner().killProcess(firstPod)).isTrue();
    gate.release();

    kubectl.awaitValue("wf", "killed", "{.status.phase}", "Succeeded", RUN);
    assertThat(kubectl.jsonpath("wf", "killed", "{.status.workflowHash}"))
        .isEqualTo(EngineCli.inMemoryHash(manifest));
    List<String> pods = pods(kubectl);
    assertThat(pods).hasSize(2).contains(firstPod);
    String secondPod = pods.stream().filter(p -> !p.equals(firstPod)).findFirst().orElseThrow();
    assertThat(
            kubectl.jsonpath(
                "pod", firstPod, "{.status.containerStatuses[0].state.terminated.exitCode}"))
        .isEqualTo("137");
    List<String> resumed = Files.readAllLines(podLog(secondPod));
    assertThat(resumed.stream().filter(line -> line.startsWith("  cp ")).count()).isEqualTo(3);
    assertThat(resumed.stream().filter(line -> line.startsWith("  ok ")).count()).isEqualTo(2);
  }

  @Test
  void theRestartAnnotationStartsANewRunFromTheNamedStepAndKeepsTheOldOne() throws SQLException {
    Kubectl kubectl = shadowflow.kubectl();
    kubectl.apply(Manifests.sleepy("again", shadowflow.namespace(), "0s"));
    kubectl.awaitValue("wf", "again", "{.status.phase}", "Succeeded", RUN);
    String firstRun = kubectl.jsonpath("wf", "again", "{.status.runId}");

    kubectl.ok("annotate", "wf", "again", "shadowflow.io/restart-from-step=label");

    String secondRun =
        kubectl.await(
            "wf", "again", "{.status.runId}", id -> !id.isEmpty() && !id.equals(firstRun), RUN);
    kubectl.awaitValue("wf", "again", "{.status.phase}", "Succeeded", RUN);
    assertThat(kubectl.jsonpath("wf", "again", "{.metadata.annotations}"))
        .contains("shadowflow.io/run-lineage")
        .doesNotContain("restart-from-step");
    assertThat(runStatus(firstRun)).isEqualTo("SUCCEEDED");
    assertThat(runStatus(secondRun)).isEqualTo("SUCCEEDED");
  }

  private static List<String> pods(Kubectl kubectl) {
    String names = kubectl.ok("get", "pods", "-o", "jsonpath={.items[*].metadata.name}").trim();
    return names.isEmpty() ? List.of() : Arrays.asList(names.split(" "));
  }

  private static Path podLog(String pod) {
    return shadowflow.plane().runner().logFile(shadowflow.namespace(), pod);
  }

  private static String runStatus(String runId) throws SQLException {
    var database = shadowflow.plane().database();
    try (Connection connection =
            DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT status FROM " + database.schema() + ".runs WHERE run_id = ?")) {
      query.setString(1, runId);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    }
  }
}
