package io.shadowflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.testing.FakeTime;
import io.shadowflow.engine.view.Namespaces;
import io.shadowflow.testkit.KubeApiServer;
import io.shadowflow.testkit.Rbac;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each request authorized as its caller against a Kubernetes API: TokenReview, then RBAC through
 * SubjectAccessReviews, on the test kit's API server with Roles and bindings made as in a cluster.
 * alice may get Workflows in team-a; the group auditors may get ShadowRuns everywhere.
 */
class KubernetesAccessTest {
  @TempDir static Path folder;

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final FakeTime CLOCK = new FakeTime();
  private static KubeApiServer api;
  private static Database database;
  private static ConsoleServer server;
  private static String alice;
  private static String auditor;

  @BeforeAll
  static void start() {
    ConsoleData data = new ConsoleData(folder).withOrders().withTeamB().withDriftingShadowRun();
    database = Database.connectExisting(data.config);
    api = KubeApiServer.start();
    KubernetesClient client = api.client();
    for (String namespace : List.of("team-a", "team-b")) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    Rbac.readerRole(client, "workflow-reader", "workflows");
    Rbac.readerRole(client, "shadowrun-reader", "shadowruns");
    Rbac.bindUser(client, "team-a", "alice-reads", "workflow-reader", "alice");
    Rbac.bindGroupEverywhere(client, "auditors-read-shadow-runs", "shadowrun-reader", "auditors");
    alice = api.identities().issue("alice");
    auditor = api.identities().issue("carol", "auditors");
    Namespaces namespaces = new Namespaces(database.dataSource());
    server =
        ConsoleServer.start(
            database.dataSource(),
            new KubernetesAccess(client, namespaces::all, Duration.ofSeconds(10), CLOCK),
            ConsoleSettings.DEFAULTS,
            "127.0.0.1",
            0);
  }

  @AfterAll
  static void stop() {
    server.close();
    api.close();
    database.close();
  }

  @Test
  void aCallerWithoutAnAcceptedTokenIsTurnedAwayWithTheFix() throws Exception {
    HttpResponse<String> none = send("/api/v1/runs", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(Json.parse(none.body()).path("error").asText())
        .contains("Authorization: send your Kubernetes bearer token");
    HttpResponse<String> forged = send("/api/v1/runs", "not-a-token-of-this-cluster");
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.body()).contains("the cluster does not accept this token");
  }

  @Test
  void eachCallerSeesOnlyWhatRbacLetsThemGet() throws Exception {
    assertThat(namespacesOf(get("/api/v1/runs?limit=500", alice).path("runs")))
        .containsOnly("team-a")
        .isNotEmpty();
    assertThat(get("/api/v1/runs?namespace=team-b", alice).path("runs")).isEmpty();
    assertThat(get("/api/v1/shadowruns", alice).path("shadowRuns")).isEmpty();
    assertThat(send("/api/v1/shadowruns/drift-1", alice).statusCode()).isEqualTo(404);

    assertThat(get("/api/v1/runs", auditor).path("runs")).isEmpty();
    assertThat(get("/api/v1/shadowruns", auditor).path("shadowRuns"))
        .extracting(run -> run.path("shadowRunId").asText())
        .containsExactly("drift-1");
  }

  @Test
  void aRevokedRightIsGoneOnceTheAnswerExpires() throws Exception {
    String dave = api.identities().issue("dave");
    Rbac.bindUser(api.client(), "team-b", "dave-reads", "workflow-reader", "dave");
    assertThat(namespacesOf(get("/api/v1/runs", dave).path("runs"))).containsOnly("team-b");

    api.client().rbac().roleBindings().inNamespace("team-b").withName("dave-reads").delete();
    assertThat(namespacesOf(get("/api/v1/runs", dave).path("runs")))
        .as("the answer stands for 10 s")
        .containsOnly("team-b");
    CLOCK.advance(Duration.ofSeconds(11));
    assertThat(get("/api/v1/runs", dave).path("runs")).isEmpty();
  }

  private static List<String> namespacesOf(JsonNode runs) {
    List<String> namespaces = new ArrayList<>();
    runs.forEach(run -> namespaces.add(run.path("namespace").asText()));
    return namespaces;
  }

  private static JsonNode get(String path, String token) throws Exception {
    HttpResponse<String> response = send(path, token);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return Json.parse(response.body());
  }

  private static HttpResponse<String> send(String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.uri() + path.substring(1)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
