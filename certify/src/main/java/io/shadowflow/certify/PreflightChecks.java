package io.shadowflow.certify;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.shadowflow.api.Phase;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.json.Json;
import io.shadowflow.operator.jobs.Labels;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Items 1 to 5: the installation is there, current, and observable. */
final class PreflightChecks {
  static final String WORKFLOW = "certify-preflight";
  private static final List<String> CRDS =
      List.of(
          "workflows.shadowflow.io-v1.yml",
          "shadowruns.shadowflow.io-v1.yml",
          "signals.shadowflow.io-v1.yml");
  private static final Pattern LEADER =
      Pattern.compile("(?m)^shadowflow_operator_leader(?:\\{[^}]*})? (\\S+)");

  private PreflightChecks() {}

  /** Each CRD of this version is installed with the same versions and schemas. */
  static Evidence crdsCurrent(Certification c) throws IOException {
    List<String> lines = new ArrayList<>();
    boolean pass = true;
    for (String file : CRDS) {
      CustomResourceDefinition shipped;
      try (InputStream in = PreflightChecks.class.getResourceAsStream("crds/" + file)) {
        shipped =
            c.client().getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
      }
      String name = shipped.getMetadata().getName();
      CustomResourceDefinition installed =
          c.client().apiextensions().v1().customResourceDefinitions().withName(name).get();
      if (installed == null) {
        pass = false;
        lines.add("kubectl get crd " + name + ": not found; install the chart (crds/)");
        continue;
      }
      boolean same = versions(installed).equals(versions(shipped));
      pass &= same;
      lines.add(
          "kubectl get crd "
              + name
              + " -o yaml: spec.versions "
              + (same ? "equal to" : "DIFFER from")
              + " this version's crds/generated/"
              + file);
    }
    return Evidence.of(pass, lines);
  }

  private static JsonNode versions(CustomResourceDefinition crd) {
    return Json.MAPPER.valueToTree(crd.getSpec().getVersions());
  }

  /** Exactly one replica says it leads. */
  static Evidence operatorLeading(Certification c) {
    Matcher m = LEADER.matcher(c.installation().operatorMetrics());
    double leaders = 0;
    int replicas = 0;
    while (m.find()) {
      replicas++;
      leaders += Double.parseDouble(m.group(1));
    }
    String line =
        "GET /metrics of "
            + replicas
            + " operator replica(s): sum(shadowflow_operator_leader) = "
            + (long) leaders;
    return Evidence.of(replicas > 0 && leaders == 1, List.of(line));
  }

  /**
   * A Workflow runs to the end: the operator allocated its run in PostgreSQL (after migrating the
   * schema at its start), and the engine wrote and read its checkpoints there.
   */
  static Evidence databaseReachable(Certification c, Workloads workloads) {
    c.recreate(workloads.workflow(WORKFLOW, Duration.ofSeconds(1)));
    Workflow done = c.finishedWorkflow(WORKFLOW);
    List<String> lines = new ArrayList<>();
    lines.add(
        "kubectl get wf "
            + WORKFLOW
            + " -o jsonpath={.status.phase} {.status.runId} {.status.progress}: "
            + done.getStatus().phase
            + " "
            + done.getStatus().runId
            + " "
            + done.getStatus().progress);
    boolean current = true;
    Optional<DatabaseConfig> database = c.installation().database();
    if (database.isPresent()) {
      Database.Migrations migrations = Database.migrations(database.get());
      current = migrations.pending().isEmpty();
      lines.add(
          "flyway_schema_history of schema "
              + database.get().schema()
              + ": at V"
              + migrations.current().orElse("none")
              + ", not applied of this version's: "
              + (current ? "none" : migrations.pending()));
    } else {
      lines.add(
          "no --jdbc-url: the schema's version is not read; the operator migrates it when it"
              + " starts, so a run succeeding under it shows the schema is this version's");
    }
    return Evidence.of(done.getStatus().phase == Phase.Succeeded && current, lines);
  }

  /** A Job of the engine image the operator uses prints the engine's version and commit. */
  static Evidence engineImage(Certification c) {
    Job engine =
        c
            .client()
            .batch()
            .v1()
            .jobs()
            .inNamespace(c.namespace())
            .withLabel("shadowflow.io/workflow", WORKFLOW)
            .list()
            .getItems()
            .stream()
            .findFirst()
            .orElse(null);
    if (engine == null) {
      return Evidence.fail("no engine Job of Workflow " + WORKFLOW + " to take the image from");
    }
    var container = engine.getSpec().getTemplate().getSpec().getContainers().get(0);
    String name = "certify-engine-version";
    c.recreate(
        new JobBuilder()
            .withNewMetadata()
            .withName(name)
            // The operator's labels, which the dev control plane's pod runner selects by.
            .withLabels(Labels.of("certify"))
            .endMetadata()
            .withNewSpec()
            .withBackoffLimit(0)
            .withNewTemplate()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addNewContainer()
            .withName("engine")
            .withImage(container.getImage())
            .withArgs("--version")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());
    Job ended =
        c.await(
            Job.class,
            name,
            j ->
                j.getStatus() != null
                    && (j.getStatus().getSucceeded() != null || j.getStatus().getFailed() != null));
    String log =
        c.client().batch().v1().jobs().inNamespace(c.namespace()).withName(name).getLog().strip();
    boolean pass =
        Integer.valueOf(1).equals(ended.getStatus().getSucceeded())
            && log.matches("(?s).*shadowflow \\S+ \\(commit [0-9a-f]{7,40}\\).*");
    return Evidence.of(
        pass,
        List.of(
            "image " + container.getImage(),
            "kubectl logs job/" + name + ": " + log,
            pass ? "version and commit reported" : "expected 'shadowflow VERSION (commit SHA)'"));
  }

  /** The operator's endpoint serves its own series and the SDK's. */
  static Evidence metrics(Certification c) {
    String scrape = c.installation().operatorMetrics();
    long ours = scrape.lines().filter(l -> l.startsWith("shadowflow_")).count();
    long sdk = scrape.lines().filter(l -> l.startsWith("operator_sdk_")).count();
    return Evidence.of(
        ours > 0 && sdk > 0,
        List.of(
            "GET /metrics of the operator: "
                + ours
                + " shadowflow_ samples, "
                + sdk
                + " operator_sdk_ samples"));
  }
}
