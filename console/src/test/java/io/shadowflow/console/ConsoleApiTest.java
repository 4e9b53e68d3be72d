package io.shadowflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.json.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON API over real PostgreSQL, as a client sees it over HTTP, read by a caller who may read
 * team-a only.
 */
class ConsoleApiTest {
  @TempDir static Path folder;

  private static Database database;
  private static ConsoleServer server;

  @BeforeAll
  static void start() {
    ConsoleData data = new ConsoleData(folder).withOrders().withTeamB().withDriftingShadowRun();
    database = Database.connectExisting(data.config);
    server =
        ConsoleServer.start(
            database.dataSource(),
            (request, resource) -> Set.of("team-a"),
            new ConsoleSettings(40, 2_000, 200, java.time.Duration.ofMillis(200)),
            "127.0.0.1",
            0);
  }

  @AfterAll
  static void stop() {
    server.close();
    database.close();
  }

  @Test
  void runsAreListedNewestFirstAPageAtATimeWithTheirFilters() throws Exception {
    JsonNode all = get("/api/v1/runs?workflow=orders&limit=3");
    assertThat(all.path("runs")).hasSize(3);
    assertThat(all.path("next").isTextual()).isTrue();
    JsonNode rest = get("/api/v1/runs?workflow=orders&limit=3&after=" + all.path("next").asText());
    List<String> ids = new ArrayList<>();
    all.path("runs").forEach(run -> ids.add(run.path("runId").asText()));
    rest.path("runs").forEach(run -> ids.add(run.path("runId").asText()));
    assertThat(ids).hasSize(4).doesNotHaveDuplicates();
    assertThat(rest.path("next").isNull()).isTrue();

    JsonNode first = all.path("runs").get(0);
    assertThat(first.path("namespace").asText()).isEqualTo("team-a");
    assertThat(first.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(first.path("workflowHash").asText()).hasSize(64);
    assertThat(first.path("startedAt").asText()).endsWith("Z");

    String prefix = ids.get(0).substring(0, 12);
    assertThat(get("/api/v1/runs?runId=" + prefix).path("runs"))
        .extracting(run -> run.path("runId").asText())
        .containsExactly(ids.get(0));
    assertThat(get("/api/v1/runs?phase=FAILED").path("runs")).isEmpty();
    assertThat(get("/api/v1/runs?from=2999-01-01T00:00:00Z").path("runs")).isEmpty();
  }

  @Test
  void aNamespaceTheCallerCannotReadDoesNotExistForThem() throws Exception {
    assertThat(get("/api/v1/namespaces").path("namespaces"))
        .extracting(JsonNode::asText)
        .containsExactly("team-a");
    assertThat(get("/api/v1/runs?namespace=team-b").path("runs")).isEmpty();
    assertThat(get("/api/v1/runs?limit=500").path("runs"))
        .extracting(run -> run.path("namespace").asText())
        .containsOnly("team-a");
    String teamBRun = ApiClient.runIdIn(database, "team-b");
    HttpResponse<String> run = send("/api/v1/runs/" + teamBRun);
    assertThat(run.statusCode()).isEqualTo(404);
    assertThat(run.body()).contains("run " + teamBRun + " not found");
    assertThat(send("/api/v1/runs/" + teamBRun + "/steps/steps/0").statusCode()).isEqualTo(404);
    assertThat(send("/api/v1/runs/" + teamBRun + "/export").statusCode()).isEqualTo(404);
  }

  @Test
  void aRunHasItsHeaderAndItsStepsByPath() throws Exception {
    String runId = firstRun("orders");
    JsonNode tree = get("/api/v1/runs/" + runId);
    JsonNode header = tree.path("header");
    assertThat(header.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(
            Json.parse(
                    get("/api/v1/runs/" + runId + "?full=true")
                        .path("header")
                        .path("input")
                        .path("text")
                        .asText())
                .path("item")
                .asText())
        .isEqualTo("sku-7");
    assertThat(tree.path("steps"))
        .extracting(step -> step.path("path").asText())
        .containsExactly("steps/0", "steps/1", "steps/2", "steps/3");
    JsonNode total = tree.path("steps").get(3);
    assertThat(total.path("name").asText()).isEqualTo("total");
    assertThat(total.path("state").asText()).isEqualTo("COMMITTED");
    assertThat(total.path("committedAt").asText()).endsWith("Z");
    assertThat(total.has("stepHash")).as("a step's hash is in its panel, not the tree").isFalse();
    assertThat(get("/api/v1/runs/" + runId + "/steps/steps/3").path("stepHash").asText())
        .hasSize(64);
  }

  @Test
  void aStepPanelCutsLongPayloadsUnlessAskedForAll() throws Exception {
    String runId = firstRun("orders");
    JsonNode step = get("/api/v1/runs/" + runId + "/steps/steps/2");
    assertThat(step.path("name").asText()).isEqualTo("label");
    // The server's cut in this test is 40 characters.
    JsonNode input = step.path("input");
    assertThat(input.path("cut").asBoolean()).isTrue();
    assertThat(input.path("text").asText()).hasSize(40);
    JsonNode full = get("/api/v1/runs/" + runId + "/steps/steps/2?full=true").path("input");
    assertThat(full.path("cut").asBoolean()).isFalse();
    assertThat(full.path("text").asText()).hasSize(input.path("length").asInt());
    assertThat(Json.parse(full.path("text").asText()).isObject()).isTrue();
  }

  @Test
  void retriedStepsShowEveryAttemptWithItsCodeAndCategory() throws Exception {
    JsonNode steps = get("/api/v1/runs/" + runOfSeed(ConsoleData.RETRIED_SEED)).path("steps");
    JsonNode retried = null;
    for (JsonNode step : steps) {
      if (step.path("attempts").asInt() > 1) {
        retried = step;
        break;
      }
    }
    assertThat(retried).as("a step retried under injected timeouts").isNotNull();
    assertThat(retried.path("failedAttempts")).hasSize(retried.path("attempts").asInt() - 1);

    String runId = runOfSeed(ConsoleData.RETRIED_SEED);
    JsonNode attempts =
        get("/api/v1/runs/" + runId + "/attempts/" + retried.path("path").asText())
            .path("attempts");
    assertThat(attempts).hasSize(retried.path("attempts").asInt());
    JsonNode failed = attempts.get(0);
    assertThat(failed.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(failed.path("code").asText()).isNotBlank();
    assertThat(failed.path("category").asText()).isEqualTo("TRANSIENT");
    assertThat(failed.path("injected").asBoolean()).isTrue();
    assertThat(attempts.get(attempts.size() - 1).path("outcome").asText()).isEqualTo("COMMITTED");
  }

  @Test
  void aShadowRunShowsItsSeedsAndEachMismatchsFirstDivergingStep() throws Exception {
    JsonNode list = get("/api/v1/shadowruns").path("shadowRuns");
    assertThat(list).extracting(run -> run.path("shadowRunId").asText()).containsExactly("drift-1");
    JsonNode view = get("/api/v1/shadowruns/drift-1");
    assertThat(view.path("summary").path("mismatches").asLong()).isPositive();
    assertThat(view.path("seeds")).hasSize(3); // 0..3 is 0, 1 and 2
    assertThat(view.path("mismatches")).isNotEmpty();
    JsonNode mismatch = view.path("mismatches").get(0);
    assertThat(mismatch.path("firstDivergingStep").asText()).isEqualTo("steps/2");

    JsonNode divergence =
        get(
            "/api/v1/shadowruns/drift-1/divergences/"
                + mismatch.path("cycle").asInt()
                + "/"
                + mismatch.path("seed").asLong());
    assertThat(divergence.path("at").asText()).isEqualTo("steps/2");
    assertThat(divergence.path("name").asText()).isEqualTo("clock");
    assertThat(divergence.path("equalSteps").asInt()).isEqualTo(2);
    assertThat(divergence.path("expectedStepHash").asText())
        .hasSize(64)
        .isNotEqualTo(divergence.path("actualStepHash").asText());
    assertThat(divergence.path("expectedWorkflowHash").asText())
        .isNotEqualTo(divergence.path("actualWorkflowHash").asText());
    assertThat(divergence.path("lines"))
        .anySatisfy(line -> assertThat(line.path("change").asText()).isEqualTo("CHANGE"));
    assertThat(divergence.path("downstream"))
        .extracting(step -> step.path("path").asText())
        .containsExactly("steps/3");
  }

  @Test
  void twoRunsOfOneWorkflowAreComparedByTheEngine() throws Exception {
    JsonNode runs = get("/api/v1/runs?workflow=orders&limit=10").path("runs");
    String a = runs.get(0).path("runId").asText();
    String b = runs.get(1).path("runId").asText();
    JsonNode divergence = get("/api/v1/divergence?expected=" + a + "&actual=" + b);
    // Other seeds: the runs differ at the latest at their identity.
    assertThat(divergence.path("at").asText()).isNotBlank();
    assertThat(divergence.path("expectedRunId").asText()).isEqualTo(a);
    JsonNode same = get("/api/v1/divergence?expected=" + a + "&actual=" + a);
    assertThat(same.path("at").isNull()).isTrue();
    assertThat(same.path("equalSteps").asInt()).isEqualTo(4);
  }

  @Test
  void badInputIsRefusedNamingTheParameterAndTheFix() throws Exception {
    assertError("/api/v1/runs?phase=DONE", 400, "phase: 'DONE' is not a phase; use one of");
    assertError("/api/v1/runs?from=yesterday", 400, "from: 'yesterday' is not an instant");
    assertError("/api/v1/runs?limit=0", 400, "limit: 0 is not between 1 and 500");
    assertError("/api/v1/runs?after=garbage", 400, "after: garbage is not a page token");
    assertError(
        "/api/v1/shadowruns/drift-1?seeds=lots", 400, "seeds: 'lots' is not a whole number");
    assertError("/api/v1/divergence?expected=x", 400, "actual: missing");
    assertError("/api/v1/shadowruns/nope", 404, "shadow run nope not found");
  }

  @Test
  void theApiIsReadOnlyAndEveryAnswerCarriesTheSecurityHeaders() throws Exception {
    HttpResponse<String> get = send("/api/v1/runs");
    assertThat(get.headers().firstValue("Content-Security-Policy"))
        .hasValue(ConsoleServer.CONTENT_SECURITY_POLICY);
    assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    HttpResponse<String> post = ApiClient.post(server, "/api/v1/runs");
    assertThat(post.statusCode()).isIn(404, 405);
  }

  @Test
  void anExportHoldsTheRunAndEveryStepInFull() throws Exception {
    String runId = firstRun("orders");
    HttpResponse<String> export = send("/api/v1/runs/" + runId + "/export");
    assertThat(export.headers().firstValue("Content-Disposition"))
        .hasValueSatisfying(value -> assertThat(value).contains("run-" + runId + ".json"));
    JsonNode body = Json.parse(export.body());
    assertThat(body.path("steps")).hasSize(4);
    assertThat(body.path("steps").get(2).path("input").path("cut").asBoolean()).isFalse();
  }

  private static void assertError(String path, int status, String message) throws Exception {
    HttpResponse<String> response = send(path);
    assertThat(response.statusCode()).as(path).isEqualTo(status);
    assertThat(Json.parse(response.body()).path("error").asText()).as(path).contains(message);
  }

  private static String firstRun(String workflow) throws Exception {
    return get("/api/v1/runs?workflow=" + workflow).path("runs").get(0).path("runId").asText();
  }

  private static String runOfSeed(long seed) throws Exception {
    for (JsonNode run : get("/api/v1/runs?workflow=orders").path("runs")) {
      if (get("/api/v1/runs/" + run.path("runId").asText()).path("header").path("seed").asLong()
          == seed) {
        return run.path("runId").asText();
      }
    }
    throw new AssertionError("no run of seed " + seed);
  }

  private static JsonNode get(String path) throws IOException, InterruptedException {
    return ApiClient.json(server, path);
  }

  private static HttpResponse<String> send(String path) throws IOException, InterruptedException {
    return ApiClient.send(server, path);
  }
}
