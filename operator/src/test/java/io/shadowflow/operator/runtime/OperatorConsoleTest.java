package io.shadowflow.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.operator.testing.OperatorHarness;
import io.shadowflow.testkit.Rbac;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The operator serves the console when given a port: the run it allocated for a Workflow is seen by
 * a caller RBAC lets get Workflows in its namespace, and by no one else.
 */
class OperatorConsoleTest {
  @Test
  void theConsoleShowsTheOperatorsRunsToCallersTheClusterAllows() throws Exception {
    int port = OperatorHarness.freePort();
    try (OperatorHarness harness = new OperatorHarness("--console-port", Integer.toString(port))) {
      Rbac.readerRole(harness.client(), "workflow-reader", "workflows");
      Rbac.bindUser(
          harness.client(), OperatorHarness.NAMESPACE, "reader", "workflow-reader", "reader");
      String reader = harness.apiServer().identities().issue("reader");
      String stranger = harness.apiServer().identities().issue("stranger");

      harness.create(Manifests.workflowYaml("orders", "- {name: a, kind: random, uuid: true}"));
      harness.awaitJob("orders", job -> true);

      await()
          .untilAsserted(
              () ->
                  assertThat(Json.parse(get(port, reader).body()).path("runs"))
                      .extracting(run -> run.path("workflow").asText())
                      .containsExactly("orders"));
      assertThat(Json.parse(get(port, stranger).body()).path("runs")).isEmpty();
      assertThat(get(port, null).statusCode()).isEqualTo(401);
    }
  }

  private static HttpResponse<String> get(int port, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/runs"));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
