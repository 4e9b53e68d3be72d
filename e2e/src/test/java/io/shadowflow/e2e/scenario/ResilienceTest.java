package io.shadowflow.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.e2e.Kubectl;
import io.shadowflow.engine.testing.LocalHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs that outlive an interruption: a namespace scaled to zero, an operator restarted. */
class ResilienceTest {
  private static final Duration RUN = Duration.ofSeconds(90);
  private static final List<String> WORKFLOWS = List.of("first", "second", "third");

  @RegisterExtension static final Shadowflow shadowflow = new Shadowflow();
  @RegisterExtension final LocalHttpServer gate = LocalHttpServer.start();
  @RegisterExtension final LocalHttpServer shop = LocalHttpServer.start();

  @Test
  void scalingEveryRunOfANamespaceToZeroStopsThemAllWithinSecondsAndLosesNothing() {
    Kubectl kubectl = shadowflow.kubectl();
    gate.hold();
    Map<String, String> manifests = applyGatedWorkflows(kubectl);
    kubectl.apply(Manifests.continuousShadowRun("shadow", shadowflow.namespace(), "first", 2));
    WORKFLOWS.forEach(name -> kubectl.awaitValue("wf", name, "{.status.progress}", "3/5", RUN));
    kubectl.awaitValue("sr", "shadow", "{.status.phase}", "Running", RUN);

    kubectl.ok("scale", "wf,sr", "--all", "--replicas=0");

    Duration seconds = Duration.ofSeconds(8);
    kubectl.await(
        "pods",
        "",
        "{range .items[*]}{.status.phase}{\"\\n\"}{end}",
        phases -> phases.lines().noneMatch(p -> p.equals("Running") || p.equals("Pending")),
        seconds);
    WORKFLOWS.forEach(
        name -> kubectl.awaitValue("wf", name, "{.status.phase}", "Suspended", seconds));
    kubectl.awaitValue("sr", "shadow", "{.status.phase}", "Suspended", seconds);
    WORKFLOWS.forEach(
        name ->
            assertThat(kubectl.jsonpath("wf", name, "{.status.lastCheckpoint.step}"))
                .isEqualTo("label"));
    int cycles = Integer.parseInt(kubectl.jsonpath("sr", "shadow", "{.status.cycles}"));

    gate.release();
    kubectl.ok("scale", "wf,sr", "--all", "--replicas=1");

    assertAllSucceed(kubectl, manifests);
    kubectl.await("sr", "shadow", "{.status.cycles}", c -> Integer.parseInt(c) > cycles, RUN);
    assertThat(kubectl.jsonpath("sr", "shadow", "{.status.mismatches}")).isEqualTo("0");
  }

  @Test
  void anOperatorRestartedInTheMiddleOfRunsMakesNoSecondJobAndEveryRunCompletes() {
    Kubectl kubectl = shadowflow.kubectl();
    gate.hold();
    Map<String, String> manifests = applyGatedWorkflows(kubectl);
    WORKFLOWS.forEach(name -> kubectl.awaitValue("wf", name, "{.status.progress}", "3/5", RUN));

    shadowflow.plane().stopOperator();
    Kubectl.sleep(Duration.ofSeconds(1));
    shadowflow.plane().startOperator();
    gate.release();

    assertAllSucceed(kubectl, manifests);
    for (String name : WORKFLOWS) {
      assertThat(
              kubectl
                  .ok("get", "jobs", "-l", "shadowflow.io/workflow=" + name, "-o", "name")
                  .lines())
          .as("Jobs of %s", name)
          .hasSize(1);
    }
  }

  /** Applies the workflows, each held at 3/5 by the gate, and returns their manifests by name. */
  private Map<String, String> applyGatedWorkflows(Kubectl kubectl) {
    Map<String, String> manifests =
        WORKFLOWS.stream()
            .collect(
                Collectors.toMap(
                    Function.identity(),
                    name ->
                        Manifests.gated(
                            name,
                            shadowflow.namespace(),
                            shop.url("/" + name),
                            gate.url("/" + name))));
    manifests.values().forEach(kubectl::apply);
    return manifests;
  }

  /** Each Workflow succeeds with the hash an uninterrupted CLI run of its manifest prints. */
  private static void assertAllSucceed(Kubectl kubectl, Map<String, String> manifests) {
    manifests.forEach(
        (name, manifest) -> {
          kubectl.awaitValue("wf", name, "{.status.phase}", "Succeeded", RUN);
          assertThat(kubectl.jsonpath("wf", name, "{.status.workflowHash}"))
              .as(name)
              .isEqualTo(EngineCli.inMemoryHash(manifest));
        });
  }
}
