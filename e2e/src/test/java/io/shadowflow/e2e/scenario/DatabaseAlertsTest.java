package io.shadowflow.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.e2e.Kubectl;
import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.TenantRoles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database alerts fire on what really happens: a real PostgreSQL fault turns real engine
 * processes away, their pods' termination messages reach the operator's metrics, and promtool
 * evaluates the alert on scrapes taken before and after. Once the fault is gone the run resumes.
 */
class DatabaseAlertsTest {
  private static final Duration RUN = Duration.ofMinutes(3);
  private static final String FAILURES = "shadowflow_engine_pod_failures_total";

  @RegisterExtension static final Shadowflow shadowflow = new Shadowflow();
  private static Database owner;

  @TempDir Path promtoolDir;

  @BeforeAll
  static void connect() {
    owner = Database.connectExisting(shadowflow.plane().database().withPoolSize(2));
  }

  @AfterAll
  static void disconnect() {
    owner.close();
  }

  @Test
  void aDatabaseThatRefusesConnectionsFiresShadowflowDatabaseFull() throws Exception {
    String role = provisionedRole();
    String before = scrapeWithCounter("DB_TOO_MANY_CONNECTIONS", n -> n == 0);

    sql("ALTER ROLE " + role + " CONNECTION LIMIT 0");
    try {
      shadowflow.kubectl().apply(Manifests.sleepy("turned-away", shadowflow.namespace(), "0s"));
      String after = scrapeWithCounter("DB_TOO_MANY_CONNECTIONS", n -> n >= 1);
      new ScrapedAlert("ShadowflowDatabaseFull", FAILURES, shadowflow.namespace())
          .assertFiresOn(before, after, promtoolDir);
    } finally {
      sql("ALTER ROLE " + role + " CONNECTION LIMIT -1");
    }
    resumes("turned-away", "DB_TOO_MANY_CONNECTIONS");
  }

  @Test
  void checkpointWritesThatTimeOutFireShadowflowCheckpointFailures() throws Exception {
    String role = provisionedRole();
    String before = scrapeWithCounter("DB_STATEMENT_TIMEOUT", n -> n == 0);
    String schema = shadowflow.plane().database().schema();

    // A migration gone wrong holds the step log; the namespace's statements give up after 1 s.
    sql("ALTER ROLE " + role + " SET statement_timeout = '1s'");
    try (Connection lock = owner.dataSource().getConnection();
        Statement s = lock.createStatement()) {
      lock.setAutoCommit(false);
      s.execute("LOCK TABLE " + schema + ".step_log IN SHARE MODE");
      shadowflow.kubectl().apply(Manifests.sleepy("held-up", shadowflow.namespace(), "0s"));
      String after = scrapeWithCounter("DB_STATEMENT_TIMEOUT", n -> n >= 1);
      new ScrapedAlert("ShadowflowCheckpointFailures", FAILURES, shadowflow.namespace())
          .assertFiresOn(before, after, promtoolDir);
      lock.rollback();
    } finally {
      sql("ALTER ROLE " + role + " RESET statement_timeout");
    }
    resumes("held-up", "DB_STATEMENT_TIMEOUT");
  }

  /**
   * A first Workflow provisions the namespace's database role; its engine pod makes the operator
   * show the namespace's failure counters.
   */
  private static String provisionedRole() {
    Kubectl kubectl = shadowflow.kubectl();
    kubectl.apply(Manifests.helloExample(shadowflow.namespace()));
    kubectl.awaitValue("wf", "hello", "{.status.phase}", "Succeeded", RUN);
    return new TenantRoles(owner.dataSource(), shadowflow.plane().database().schema())
        .provisioned(shadowflow.namespace())
        .orElseThrow();
  }

  /**
   * Once the engine's next pod gets through it finishes the run; if the Job gave up first, its
   * Workflow failed with the code, and deleting the Job resumes the run, as the runbook says.
   */
  private static void resumes(String workflow, String code) {
    Kubectl kubectl = shadowflow.kubectl();
    String phase =
        kubectl.await(
            "wf",
            workflow,
            "{.status.phase}",
            p -> p.equals("Succeeded") || p.equals("Failed"),
            RUN);
    if (phase.equals("Failed")) {
      assertThat(kubectl.jsonpath("wf", workflow, "{.status.error.code}")).isEqualTo(code);
      kubectl.ok("delete", "jobs", "-l", "shadowflow.io/workflow=" + workflow);
      kubectl.awaitValue("wf", workflow, "{.status.phase}", "Succeeded", RUN);
    }
    assertThat(kubectl.jsonpath("wf", workflow, "{.status.progress}")).isEqualTo("5/5");
  }

  /**
   * The operator's scrape once its counter of {@code code} in this namespace satisfies {@code
   * count}.
   */
  private static String scrapeWithCounter(String code, DoublePredicate count) {
    Pattern counter =
        Pattern.compile(
            Pattern.quote(FAILURES)
                + "\\{[^}]*code=\""
                + code
                + "\"[^}]*namespace=\""
                + Pattern.quote(shadowflow.namespace())
                + "\"[^}]*} (\\S+)");
    String[] scrape = new String[1];
    Awaitility.await()
        .atMost(RUN)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              scrape[0] = shadowflow.plane().operator().registry().scrape();
              Matcher m = counter.matcher(scrape[0]);
              return m.find() && count.test(Double.parseDouble(m.group(1)));
            });
    return scrape[0];
  }

  private static void sql(String statement) throws SQLException {
    try (Connection c = owner.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
