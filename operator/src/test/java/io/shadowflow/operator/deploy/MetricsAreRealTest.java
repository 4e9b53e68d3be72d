package io.shadowflow.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.shadowflow.api.Mismatch;
import io.shadowflow.api.Phase;
import io.shadowflow.engine.analytics.FailureMetrics;
import io.shadowflow.engine.failure.ExitReport;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.operator.shadow.ShadowSummary;
import io.shadowflow.operator.testing.EnginePod;
import io.shadowflow.operator.testing.OperatorHarness;
import java.io.IOException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every metric and label the alerts, recording rules and dashboard use is one the operator or the
 * engine really exports: both registries are scraped after a real scenario.
 */
class MetricsAreRealTest {
  static final Scrape SCRAPE = new Scrape();

  @BeforeAll
  static void scrapeAfterAScenario() throws Exception {
    // The engine pod of the scenario runs in this process: its meters land in this registry, as
    // they would in the one behind its --metrics-port.
    PrometheusMeterRegistry engine = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Metrics.addRegistry(engine);
    try (OperatorHarness harness = new OperatorHarness("--resync", "1s")) {
      Mismatch mismatch = new Mismatch();
      mismatch.seed = 7L;
      mismatch.expectedHash = "aa".repeat(32);
      mismatch.actualHash = "bb".repeat(32);
      mismatch.firstDivergingStep = "a";
      harness.shadowResults(
          (ns, name) -> Optional.of(new ShadowSummary(90, 1, 0, mismatch, 0.3, 1.2)));
      harness.stopOperator();
      harness.startOperator();
      harness.create(Manifests.workflowYaml("orders", "- {name: a, kind: random, uuid: true}"));
      Job orders = harness.awaitJob("orders", j -> true);
      // A first pod that the database turned away, then one that runs the workflow.
      EnginePod.failed(
          harness.client(),
          orders,
          new ExitReport(FailureCode.DB_TOO_MANY_CONNECTIONS, "too many connections for role"));
      EnginePod.run(orders, harness.database().config().jdbcUrl());
      harness.awaitWorkflow("orders", w -> w.getStatus().phase == Phase.Succeeded);
      awaitScrape(harness, "shadowflow_engine_pod_failures_total{");
      harness.create(Manifests.workflowYaml("broken", "- {name: a, kind: nosuchkind}"));
      harness.awaitWorkflow("broken", w -> w.getStatus().phase == Phase.Failed);
      harness.createShadowRun(Scenario.SHADOW_RUN);
      awaitScrape(harness, "shadowflow_shadow_mismatches{");
      // Database trouble: the runs table disappears, so reconciles of a new Workflow fail and
      // retry.
      try (Connection c = harness.database().dataSource().getConnection();
          Statement s = c.createStatement()) {
        s.execute(
            "ALTER TABLE " + harness.database().config().schema() + ".runs RENAME TO runs_gone");
      }
      harness.create(Manifests.workflowYaml("unlucky", "- {name: a, kind: random, uuid: true}"));
      await()
          .atMost(java.time.Duration.ofSeconds(30))
          .until(
              () ->
                  harness
                          .operator()
                          .registry()
                          .scrape()
                          .contains("operator_sdk_reconciliations_failed_total")
                      && harness
                          .operator()
                          .registry()
                          .scrape()
                          .contains("reconciliations_retries_number=\"1\""));
      SCRAPE.add(harness.operator().registry().scrape());
    }
    Metrics.removeRegistry(engine);
    new FailureMetrics(engine).count(FailureCode.CHECKPOINT_WRITE_FAILED);
    SCRAPE.add(engine.scrape());
  }

  private static void awaitScrape(OperatorHarness harness, String text) {
    await().until(() -> harness.operator().registry().scrape().contains(text));
  }

  @Test
  void everyMetricAndLabelInRulesAndDashboardIsExported() throws IOException {
    List<String> problems = new ArrayList<>();
    Set<String> recorded = new TreeSet<>();
    List<String> expressions = new ArrayList<>();
    for (Promql.Rule rule :
        Promql.rules(Manifests.repositoryRoot().resolve("monitoring/alerts.yaml"))) {
      if (rule.record() != null) {
        recorded.add(rule.record());
      }
      expressions.add(rule.expr());
    }
    expressions.addAll(
        Promql.dashboardExpressions(
            Manifests.repositoryRoot().resolve("monitoring/dashboard.json")));
    Set<String> checked = new TreeSet<>();
    for (String expr : expressions) {
      Promql.Parsed parsed = Promql.parse(expr);
      parsed.selectors().forEach(sel -> checked.add(sel.metric()));
      Set<String> labelsOfExpr = new TreeSet<>(PROMETHEUS_LABELS);
      for (Promql.Selector selector : parsed.selectors()) {
        String name = selector.metric();
        if (recorded.contains(name)) {
          continue;
        }
        if (EXTERNAL.containsKey(name)) {
          labelsOfExpr.addAll(EXTERNAL.get(name));
          continue;
        }
        Map<String, Set<String>> labels = SCRAPE.metrics.get(name);
        if (labels == null) {
          problems.add(name + " is not exported (in: " + expr + ")");
          continue;
        }
        labelsOfExpr.addAll(labels.keySet());
        for (String label : selector.labels()) {
          if (!labels.containsKey(label) && !PROMETHEUS_LABELS.contains(label)) {
            problems.add(name + " has no label " + label + " (in: " + expr + ")");
          }
        }
      }
      if (parsed.selectors().stream().anyMatch(s -> recorded.contains(s.metric()))) {
        continue; // grouping labels of a recorded series are checked on its own rule
      }
      for (String label : parsed.groupingLabels()) {
        if (!labelsOfExpr.contains(label)) {
          problems.add("no metric of the expression has label " + label + " (in: " + expr + ")");
        }
      }
    }
    assertThat(problems).isEmpty();
    // The reading of the expressions found what they use (a parser that finds nothing passes).
    assertThat(checked)
        .contains(
            "shadowflow_shadow_mismatches",
            "shadowflow_run_failures_total",
            "operator_sdk_reconciliations_failed_total",
            "jvm_memory_used_bytes",
            "up",
            "shadowflow:run_failures:rate15m")
        .doesNotContain("sum", "rate", "by", "namespace", "kind");
  }

  @Test
  void oneLabelNameMeansOneThingAcrossAllMetrics() {
    List<String> problems = new ArrayList<>();
    SCRAPE.metrics.forEach(
        (metric, labels) -> {
          if (!metric.startsWith("shadowflow_") && !metric.startsWith("operator_sdk_")) {
            return;
          }
          labels.forEach(
              (label, values) -> {
                Predicate<String> meaning = MEANINGS.get(label);
                if (meaning == null) {
                  problems.add(metric + ": label " + label + " has no documented meaning");
                  return;
                }
                values.stream()
                    .filter(v -> !meaning.test(v))
                    .forEach(
                        v ->
                            problems.add(
                                metric + ": " + label + "=\"" + v + "\" means something else"));
              });
        });
    assertThat(problems).isEmpty();
    assertThat(SCRAPE.metrics)
        .containsKeys(
            "shadowflow_shadow_mismatches",
            "shadowflow_shadow_workflows_replayed",
            "shadowflow_operator_leader",
            "shadowflow_run_failures_total",
            "shadowflow_engine_pod_failures_total",
            "shadowflow_failures_total");
  }

  /** Labels Prometheus adds at scrape time. */
  private static final Set<String> PROMETHEUS_LABELS = Set.of("job", "instance");

  /** Series from other exporters the rules may use, with their labels. */
  private static final Map<String, Set<String>> EXTERNAL =
      Map.of(
          "up", Set.of(), // Prometheus' own, per scrape target
          "kube_job_status_failed", Set.of("namespace", "job_name")); // kube-state-metrics

  private static Predicate<String> oneOf(Collection<String> values) {
    return values::contains;
  }

  private static Predicate<String> enumNames(Class<? extends Enum<?>> type) {
    return oneOf(Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
  }

  private static final Predicate<String> KUBERNETES_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?").asMatchPredicate();
  private static final Predicate<String> JAVA_NAME =
      Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*").asMatchPredicate();
  private static final Predicate<String> KIND = oneOf(List.of("Workflow", "ShadowRun", "Signal"));

  /** What each label means, as the set of values it may hold (docs/metrics.md names them). */
  private static final Map<String, Predicate<String>> MEANINGS =
      Map.ofEntries(
          Map.entry("kind", KIND),
          Map.entry("resource_kind", KIND),
          Map.entry("namespace", KUBERNETES_NAME),
          Map.entry("workflow_type", v -> v.isEmpty() || KUBERNETES_NAME.test(v)),
          Map.entry("phase", enumNames(Phase.class)),
          Map.entry("category", enumNames(io.shadowflow.engine.failure.Category.class)),
          Map.entry("code", enumNames(FailureCode.class)),
          Map.entry("group", oneOf(List.of("shadowflow.io"))),
          Map.entry("resource_group", oneOf(List.of("shadowflow.io"))),
          Map.entry("version", oneOf(List.of("v1alpha1"))),
          Map.entry("resource_version", oneOf(List.of("v1alpha1"))),
          Map.entry("scope", oneOf(List.of("namespace", "cluster"))),
          Map.entry("resource_scope", oneOf(List.of("namespace", "cluster"))),
          Map.entry("controller", oneOf(List.of("workflow", "shadowrun"))),
          Map.entry("exception", JAVA_NAME),
          Map.entry("event", JAVA_NAME),
          Map.entry("action", oneOf(List.of("ADDED", "UPDATED", "DELETED", "UNKNOWN"))),
          // The SDK's: what a controller execution acted on. Never a workflow type.
          Map.entry("type", oneOf(List.of("resource", "cleanup"))),
          Map.entry("reconciliations_retries_last", oneOf(List.of("true", "false"))),
          // A histogram bucket's upper bound.
          Map.entry("le", v -> v.equals("+Inf") || v.matches("[0-9.eE+-]+")),
          Map.entry(
              "reconciliations_retries_number", Pattern.compile("[0-9]+").asMatchPredicate()));
}
