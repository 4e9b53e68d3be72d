package io.shadowflow.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.e2e.Kubectl;
import io.shadowflow.engine.testing.LocalHttpServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's egress settings reach engine pods: the allowlisted loopback server is called, a
 * service-range address (the harness's stand-in for the cluster's) is refused by the engine.
 */
class EgressTest {
  private static final Duration RUN = Duration.ofSeconds(60);

  @RegisterExtension static final Shadowflow shadowflow = new Shadowflow();
  @RegisterExtension final LocalHttpServer server = LocalHttpServer.start();

  @Test
  void anEnginePodCallsTheAllowlistAndIsRefusedTheClusterRange() {
    Kubectl kubectl = shadowflow.kubectl();
    kubectl.apply(Manifests.calling("allowed", shadowflow.namespace(), server.url("/ok")));
    kubectl.apply(Manifests.calling("internal", shadowflow.namespace(), "http://10.96.0.1/"));

    kubectl.awaitValue("wf", "allowed", "{.status.phase}", "Succeeded", RUN);
    assertThat(server.requests()).hasSize(1);
    kubectl.awaitValue("wf", "internal", "{.status.phase}", "Failed", RUN);
    assertThat(kubectl.jsonpath("wf", "internal", "{.status.error.code}"))
        .isEqualTo("EGRESS_DENIED");
    assertThat(kubectl.jsonpath("wf", "internal", "{.status.error.message}"))
        .contains("10.96.0.1")
        .contains("10.96.0.0/12 of SHADOWFLOW_EGRESS_DENY");
  }
}
