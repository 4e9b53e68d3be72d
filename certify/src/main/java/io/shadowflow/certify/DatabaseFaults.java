package io.shadowflow.certify;

import io.shadowflow.api.Phase;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.checkpoint.TenantRoles;
import io.shadowflow.engine.failure.ExitReport;
import io.shadowflow.operator.jobs.EnginePodExits;
import io.shadowflow.operator.jobs.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real PostgreSQL faults, each confined to the certification namespace's own database role: the
 * role's connections refused ({@code CONNECTION LIMIT 0}), and its checkpoint writes timing out
 * behind a lock ({@code statement_timeout} of 1 s while another session holds {@code step_log}).
 * Engine pods stop on them and say why in their termination messages; the operator's scrapes before
 * and after must fire the P1 alert (promtool), and the run must end once the fault is gone.
 */
final class DatabaseFaults {
  private static final String FAILURES = "shadowflow_engine_pod_failures_total";

  private final Certification c;
  private final Workloads workloads;
  private final Database owner;

  DatabaseFaults(Certification c, Workloads workloads, DatabaseConfig database) {
    this.c = c;
    this.workloads = workloads;
    this.owner = Database.connectExisting(database.withPoolSize(2));
  }

  /**
   * Lifts what a certification killed in the middle of item 19 left on the namespace's role (its
   * finally blocks never ran), so this one's runs can connect and commit.
   */
  static void lift(DatabaseConfig database, String namespace) throws SQLException {
    try (Database owner = Database.connectExisting(database.withPoolSize(1))) {
      Optional<String> role =
          new TenantRoles(owner.dataSource(), database.schema()).provisioned(namespace);
      if (role.isEmpty()) {
        return;
      }
      try (Connection connection = owner.dataSource().getConnection();
          Statement s = connection.createStatement()) {
        s.execute("ALTER ROLE " + role.get() + " CONNECTION LIMIT -1");
        s.execute("ALTER ROLE " + role.get() + " RESET statement_timeout");
      }
    }
  }

  /** Both faults; passes when both alerts fire and both runs end. */
  Evidence bothFire() throws Exception {
    try {
      String role =
          new TenantRoles(owner.dataSource(), owner.config().schema())
              .provisioned(c.namespace())
              .orElseThrow(() -> new IllegalStateException("no role of " + c.namespace()));
      Evidence refused = connectionsRefused(role);
      Evidence timedOut = checkpointsTimedOut(role);
      List<String> lines = new ArrayList<>(refused.lines());
      lines.addAll(timedOut.lines());
      return Evidence.of(refused.pass() && timedOut.pass(), lines);
    } finally {
      owner.close();
    }
  }

  private Evidence connectionsRefused(String role) throws Exception {
    String before = scrape("DB_TOO_MANY_CONNECTIONS", n -> n >= 0);
    sql("ALTER ROLE " + role + " CONNECTION LIMIT 0");
    Evidence fired;
    try {
      c.recreate(workloads.workflow("certify-connections-refused", Duration.ofSeconds(1)));
      String after =
          scrape("DB_TOO_MANY_CONNECTIONS", n -> n > count(before, "DB_TOO_MANY_CONNECTIONS"));
      fired = alert("ShadowflowDatabaseFull", before, after);
    } finally {
      sql("ALTER ROLE " + role + " CONNECTION LIMIT -1");
    }
    return withRunEnd(
        "ALTER ROLE " + role + " CONNECTION LIMIT 0, then -1",
        fired,
        "certify-connections-refused");
  }

  private Evidence checkpointsTimedOut(String role) throws Exception {
    String before = scrape("DB_STATEMENT_TIMEOUT", n -> n >= 0);
    sql("ALTER ROLE " + role + " SET statement_timeout = '1s'");
    Evidence fired;
    try (Connection lock = owner.dataSource().getConnection();
        Statement s = lock.createStatement()) {
      lock.setAutoCommit(false);
      s.execute("LOCK TABLE " + owner.config().schema() + ".step_log IN SHARE MODE");
      c.recreate(workloads.workflow("certify-checkpoints-held", Duration.ofSeconds(1)));
      String after = scrape("DB_STATEMENT_TIMEOUT", n -> n > count(before, "DB_STATEMENT_TIMEOUT"));
      fired = alert("ShadowflowCheckpointFailures", before, after);
      lock.rollback();
    } finally {
      sql("ALTER ROLE " + role + " RESET statement_timeout");
    }
    return withRunEnd(
        "LOCK TABLE step_log IN SHARE MODE with the role's statement_timeout at 1 s, then released",
        fired,
        "certify-checkpoints-held");
  }

  private Evidence alert(String alert, String before, String after) throws Exception {
    Path dir = Files.createTempDirectory("certify-promtool");
    return new ScrapedAlert(alert, FAILURES, c.namespace()).firesOn(before, after, c.tools(), dir);
  }

  /**
   * Once the fault is gone the Job's next pod ends the run; if the Job gave up first, the Workflow
   * failed with the code, and deleting its Job resumes the run, as the runbook says.
   */
  private Evidence withRunEnd(String fault, Evidence fired, String workflow) {
    Workflow ended = c.finishedWorkflow(workflow);
    List<String> lines = new ArrayList<>(List.of(fault));
    lines.addAll(fired.lines());
    if (ended.getStatus().phase == Phase.Failed) {
      lines.add(
          "kubectl get wf "
              + workflow
              + ": Failed with "
              + ended.getStatus().error.code
              + "; deleting its Job");
      c.client()
          .batch()
          .v1()
          .jobs()
          .inNamespace(c.namespace())
          .withLabel(Labels.WORKFLOW, workflow)
          .delete();
      ended = c.await(Workflow.class, workflow, w -> RunbookChecks.phase(w) == Phase.Succeeded);
    }
    lines.add(
        "kubectl get wf "
            + workflow
            + ": "
            + ended.getStatus().phase
            + " "
            + ended.getStatus().progress);
    return Evidence.of(fired.pass() && ended.getStatus().phase == Phase.Succeeded, lines);
  }

  /** The operator's scrape once the namespace's counter of {@code code} satisfies {@code count}. */
  private String scrape(String code, DoublePredicate count) throws InterruptedException {
    try {
      return Poll.until(
          FAILURES + " of " + code + " in " + c.namespace(),
          c.profile().timeout(),
          () -> {
            String scrape = c.installation().operatorMetrics();
            double n = count(scrape, code);
            return n >= 0 && count.test(n) ? Optional.of(scrape) : Optional.empty();
          });
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + "; " + whatWasSeen(), e);
    }
  }

  /**
   * The namespace's counters and its failed engine pods' messages, for a failed wait's evidence.
   */
  private String whatWasSeen() {
    String counters =
        c.installation()
            .operatorMetrics()
            .lines()
            .filter(
                l -> l.startsWith(FAILURES) && l.contains("namespace=\"" + c.namespace() + "\""))
            .filter(l -> !l.endsWith(" 0.0"))
            .toList()
            .toString();
    String pods =
        c.client().pods().inNamespace(c.namespace()).list().getItems().stream()
            .map(
                p ->
                    p.getMetadata().getName()
                        + " "
                        + (p.getStatus() == null ? "" : p.getStatus().getPhase())
                        + " "
                        + EnginePodExits.report(p).map(ExitReport::code).map(Enum::name).orElse(""))
            .toList()
            .toString();
    return "non-zero counters " + counters + "; pods " + pods;
  }

  /**
   * The namespace's count of {@code code}, summed over kinds as the alert sums it; -1 while the
   * operator shows no such series.
   */
  private double count(String scrape, String code) {
    Matcher m =
        Pattern.compile(
                Pattern.quote(FAILURES)
                    + "\\{[^}]*code=\""
                    + code
                    + "\"[^}]*namespace=\""
                    + Pattern.quote(c.namespace())
                    + "\"[^}]*} (\\S+)")
            .matcher(scrape);
    double sum = -1;
    while (m.find()) {
      sum = Math.max(sum, 0) + Double.parseDouble(m.group(1));
    }
    return sum;
  }

  private void sql(String statement) throws SQLException {
    try (Connection connection = owner.dataSource().getConnection();
        Statement s = connection.createStatement()) {
      s.execute(statement);
    }
  }
}
