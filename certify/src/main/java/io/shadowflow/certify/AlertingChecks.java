package io.shadowflow.certify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.shadowflow.api.ShadowRun;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.json.Json;
import io.shadowflow.testkit.Promtool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Items 17 to 20: the alerts this version ships are loaded, fire when they should, and link their
 * runbooks.
 */
final class AlertingChecks {
  private AlertingChecks() {}

  /**
   * A PrometheusRule (the chart's {@code metrics.prometheusRule}) holds every alert of this
   * version, and Prometheus' own rule loader ({@code promtool check rules}) accepts it. The local
   * control plane runs no Prometheus Operator: there, the chart's rule file is what is checked.
   */
  static Evidence rulesLoaded(Certification c) throws Exception {
    Path dir = Files.createTempDirectory("certify-rules");
    Path file = dir.resolve("loaded-rules.yaml");
    String source;
    Optional<Path> local = c.installation().rulesWithoutPrometheus();
    if (local.isPresent()) {
      Files.copy(local.get(), file);
      source = "no PrometheusRule API here; the chart's rule file " + local.get();
    } else {
      List<GenericKubernetesResource> rules;
      try {
        rules =
            c.client()
                .genericKubernetesResources("monitoring.coreos.com/v1", "PrometheusRule")
                .inAnyNamespace()
                .list()
                .getItems();
      } catch (KubernetesClientException e) {
        return Evidence.fail(
            "kubectl get prometheusrules -A: "
                + e.getCode()
                + " (the API serves no monitoring.coreos.com/v1 PrometheusRule: install the"
                + " Prometheus Operator and set metrics.prometheusRule.enabled)");
      }
      ArrayNode groups = Json.MAPPER.createArrayNode();
      rules.forEach(
          r ->
              Json.MAPPER
                  .valueToTree(r.getAdditionalProperties().get("spec"))
                  .path("groups")
                  .forEach(groups::add));
      Files.writeString(file, Json.YAML.writeValueAsString(Map.of("groups", groups)));
      source = "kubectl get prometheusrules -A: " + rules.size() + " object(s)";
    }
    Set<String> loaded = alerts(Files.readString(file)).keySet();
    Set<String> missing = new TreeSet<>(alerts(resource("alerts.yaml")).keySet());
    missing.removeAll(loaded);
    Promtool.Result check = Promtool.run(c.tools(), dir, "check", "rules", file.toString());
    return Evidence.of(
        missing.isEmpty() && check.exitCode() == 0,
        List.of(
            source,
            loaded.size()
                + " alerts; missing of this version's: "
                + (missing.isEmpty() ? "none" : missing),
            "promtool check rules: " + check.output().strip().replace('\n', ' ')));
  }

  /**
   * A Workflow whose http step reads an answer that changes on every call: a ShadowRun across
   * workers finds its mismatches, and the operator's scrapes fire the P0 alert. The ShadowRun is
   * deleted after, so the alert resolves.
   */
  static Evidence mismatchAlert(Certification c, Workloads workloads) throws Exception {
    Optional<String> url = c.installation().driftUrl();
    if (url.isEmpty()) {
      return Evidence.fail(
          "give --drift-url: an endpoint the engine pods can call whose every answer differs");
    }
    String name = "certify-drift";
    String before = c.installation().operatorMetrics();
    c.recreate(workloads.drifting(name, url.get()));
    ShadowRun run = c.recreate(workloads.shadowRun(name, name, "crossWorker", ""));
    ShadowRun done = c.finishedShadowRun(name, c.profile().timeout());
    String after =
        Poll.until(
            "shadowflow_shadow_mismatches of " + c.namespace(),
            c.profile().timeout(),
            () -> {
              String scrape = c.installation().operatorMetrics();
              return scrape
                      .lines()
                      .anyMatch(
                          l ->
                              l.startsWith("shadowflow_shadow_mismatches{")
                                  && l.contains("namespace=\"" + c.namespace() + "\"")
                                  && !l.endsWith(" 0.0"))
                  ? Optional.of(scrape)
                  : Optional.empty();
            });
    Evidence fired =
        new ScrapedAlert(
                "ShadowflowDeterminismMismatch", "shadowflow_shadow_mismatches", c.namespace())
            .firesOn(before, after, c.tools(), Files.createTempDirectory("certify-promtool"));
    c.client().resource(run).delete();
    List<String> lines = new ArrayList<>();
    lines.add(
        "kubectl get sr "
            + name
            + ": "
            + done.getStatus().phase
            + ", "
            + done.getStatus().mismatches
            + " mismatches, first diverging step "
            + (done.getStatus().lastMismatch == null
                ? "none"
                : done.getStatus().lastMismatch.firstDivergingStep));
    lines.addAll(fired.lines());
    lines.add("kubectl delete sr " + name + ": the alert resolves");
    boolean caught = done.getStatus().mismatches != null && done.getStatus().mismatches > 0;
    return Evidence.of(caught && fired.pass(), lines);
  }

  /**
   * Real database faults of the namespace's role fire the P1 alerts; see {@link DatabaseFaults}.
   */
  static Evidence databaseAlert(Certification c, Workloads workloads) throws Exception {
    Optional<DatabaseConfig> database = c.installation().database();
    if (database.isEmpty()) {
      return Evidence.fail(
          "give --jdbc-url: the installation's PostgreSQL as its owner, to induce the faults");
    }
    return new DatabaseFaults(c, workloads, database.get()).bothFire();
  }

  /** Every alert's runbook_url names a section of the runbook this version ships. */
  static Evidence runbookLinks(Certification c) throws IOException {
    Set<String> sections = anchors(resource("runbooks/alerts.md"));
    List<String> lines = new ArrayList<>();
    boolean pass = true;
    for (Map.Entry<String, String> alert : alerts(resource("alerts.yaml")).entrySet()) {
      String url = alert.getValue();
      int hash = url.indexOf('#');
      boolean found =
          url.contains("runbooks/alerts.md")
              && hash > 0
              && sections.contains(url.substring(hash + 1));
      pass &= found;
      lines.add(alert.getKey() + " -> " + url + (found ? "" : ": NO SUCH SECTION"));
    }
    return Evidence.of(pass, lines);
  }

  /** The alerts of a rule file with their runbook URLs. */
  private static Map<String, String> alerts(String yaml) throws IOException {
    Map<String, String> alerts = new TreeMap<>();
    JsonNode rules = Json.YAML.readTree(yaml);
    rules
        .path("groups")
        .forEach(
            g ->
                g.path("rules")
                    .forEach(
                        r -> {
                          if (r.hasNonNull("alert")) {
                            alerts.put(
                                r.path("alert").asText(),
                                r.path("annotations").path("runbook_url").asText());
                          }
                        }));
    return alerts;
  }

  /** GitHub's anchors of a Markdown file's headings. */
  static Set<String> anchors(String markdown) {
    return markdown
        .lines()
        .filter(l -> l.startsWith("#"))
        .map(l -> l.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT))
        .map(l -> l.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = AlertingChecks.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("certify was built without " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
