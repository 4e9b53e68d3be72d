package io.shadowflow.console;

import static io.shadowflow.console.NamespaceAccess.Resource.SHADOW_RUNS;
import static io.shadowflow.console.NamespaceAccess.Resource.WORKFLOWS;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.shadowflow.console.ApiErrors.NotFound;
import io.shadowflow.engine.runs.RunLists;
import io.shadowflow.engine.view.Divergences;
import io.shadowflow.engine.view.RunViews;
import io.shadowflow.engine.view.ShadowViews;
import io.shadowflow.engine.view.StepDetail;
import io.shadowflow.engine.view.StepDetails;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The read-only JSON API under {@code /api/v1} (docs/console.md lists it). Every handler reads
 * through the engine's read API, limited to the namespaces its caller may read.
 */
final class ConsoleApi {
  static final String BASE = "/api/v1";

  private final NamespaceAccess access;
  private final ConsoleSettings settings;
  private final RunLists runLists;
  private final RunViews runs;
  private final StepDetails steps;
  private final ShadowViews shadowRuns;
  private final Divergences divergences;

  ConsoleApi(DataSource dataSource, NamespaceAccess access, ConsoleSettings settings) {
    this.access = access;
    this.settings = settings;
    this.runLists = new RunLists(dataSource);
    this.runs = new RunViews(dataSource);
    this.steps = new StepDetails(dataSource);
    this.shadowRuns = new ShadowViews(dataSource);
    this.divergences = new Divergences(dataSource);
  }

  void register(RoutesConfig routes) {
    routes.get(
        BASE + "/namespaces",
        ctx -> ctx.json(Map.of("namespaces", access.readable(ctx, WORKFLOWS))));
    routes.get(BASE + "/runs", this::listRuns);
    routes.get(BASE + "/runs/{runId}", ctx -> ctx.json(runTree(ctx, payloadLimit(ctx))));
    routes.get(BASE + "/runs/{runId}/steps/<path>", ctx -> ctx.json(step(ctx, payloadLimit(ctx))));
    routes.get(
        BASE + "/runs/{runId}/attempts/<path>",
        ctx -> ctx.json(Map.of("attempts", step(ctx, 0).attempts())));
    routes.get(BASE + "/runs/{runId}/export", this::exportRun);
    routes.sse(BASE + "/runs/{runId}/events", new LiveRun(runs, access, settings.livePoll()));
    routes.get(
        BASE + "/shadowruns",
        ctx ->
            ctx.json(
                Map.of(
                    "shadowRuns",
                    shadowRuns.list(access.readable(ctx, SHADOW_RUNS), settings.maxShadowRuns()))));
    routes.get(BASE + "/shadowruns/{id}", ctx -> ctx.json(shadowRun(ctx)));
    routes.get(BASE + "/shadowruns/{id}/divergences/{cycle}/{seed}", this::shadowDivergence);
    routes.get(BASE + "/shadowruns/{id}/export", this::exportShadowRun);
    routes.get(BASE + "/divergence", this::runDivergence);
  }

  private void listRuns(Context ctx) {
    Set<String> readable = access.readable(ctx, WORKFLOWS);
    int limit = RunListQuery.limit(ctx);
    Optional<String> after = RunListQuery.text(ctx, "after");
    RunLists.Page page =
        RunListQuery.filter(ctx, readable)
            .map(filter -> runLists.page(filter, after, limit))
            .orElse(new RunLists.Page(List.of(), Optional.empty()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("runs", page.runs());
    body.put("next", page.next().orElse(null));
    ctx.json(body);
  }

  private RunViews.RunTree runTree(Context ctx, int inputLimit) {
    String runId = ctx.pathParam("runId");
    return runs.tree(runId, access.readable(ctx, WORKFLOWS), inputLimit)
        .orElseThrow(() -> new NotFound("run " + runId));
  }

  private StepDetail step(Context ctx, int payloadLimit) {
    String runId = ctx.pathParam("runId");
    String path = ctx.pathParam("path");
    return steps
        .find(runId, path, access.readable(ctx, WORKFLOWS), payloadLimit)
        .orElseThrow(() -> new NotFound("step " + path + " of run " + runId));
  }

  /** The server's cut, unless the reader asked for everything ({@code ?full=true}). */
  private int payloadLimit(Context ctx) {
    return "true".equals(ctx.queryParam("full")) ? Integer.MAX_VALUE : settings.payloadLimit();
  }

  /** The run and every step in full, as one download. */
  private void exportRun(Context ctx) {
    RunViews.RunTree tree = runTree(ctx, Integer.MAX_VALUE);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("run", tree.header());
    body.put("steps", steps.committed(tree.header().runId(), access.readable(ctx, WORKFLOWS)));
    download(ctx, "run-" + tree.header().runId() + ".json", body);
  }

  private Object shadowRun(Context ctx) {
    String id = ctx.pathParam("id");
    int seeds =
        RunListQuery.text(ctx, "seeds")
            .map(value -> RunListQuery.number("seeds", value))
            .orElse(settings.maxSeeds());
    if (seeds < 1 || seeds > settings.maxSeeds()) {
      throw new IllegalArgumentException(
          "seeds: " + seeds + " is not between 1 and " + settings.maxSeeds());
    }
    return shadowRuns
        .find(id, access.readable(ctx, SHADOW_RUNS), seeds)
        .orElseThrow(() -> new NotFound("shadow run " + id));
  }

  private void shadowDivergence(Context ctx) {
    String id = ctx.pathParam("id");
    int cycle = RunListQuery.number("cycle", ctx.pathParam("cycle"));
    long seed = RunListQuery.number("seed", ctx.pathParam("seed"));
    ctx.json(
        divergences
            .ofShadowSeed(id, cycle, seed, access.readable(ctx, SHADOW_RUNS))
            .orElseThrow(
                () ->
                    new NotFound(
                        "divergence of seed " + seed + " in cycle " + cycle + " of " + id)));
  }

  /** The shadow run's page with the divergence of every listed mismatch, as one download. */
  private void exportShadowRun(Context ctx) {
    String id = ctx.pathParam("id");
    Set<String> readable = access.readable(ctx, SHADOW_RUNS);
    var view =
        shadowRuns
            .find(id, readable, settings.maxSeeds())
            .orElseThrow(() -> new NotFound("shadow run " + id));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("shadowRun", view);
    body.put(
        "divergences",
        view.mismatches().stream()
            .map(m -> divergences.ofShadowSeed(id, m.cycle(), m.seed(), readable))
            .flatMap(Optional::stream)
            .toList());
    download(ctx, "shadowrun-" + id + ".json", body);
  }

  private void runDivergence(Context ctx) {
    String expected = required(ctx, "expected");
    String actual = required(ctx, "actual");
    ctx.json(
        divergences
            .ofRuns(expected, actual, access.readable(ctx, WORKFLOWS))
            .orElseThrow(() -> new NotFound("run " + expected + " or " + actual)));
  }

  private static String required(Context ctx, String name) {
    return RunListQuery.text(ctx, name)
        .orElseThrow(
            () -> new IllegalArgumentException(name + ": missing; give the run id to compare"));
  }

  private static void download(Context ctx, String fileName, Object body) {
    ctx.header("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    ctx.json(body);
  }
}
