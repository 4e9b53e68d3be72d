package io.shadowflow.operator.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.shadowflow.api.ShadowRun;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.TenantRoles;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.TestDatabase;
import io.shadowflow.operator.testing.OperatorHarness;
import io.shadowflow.testkit.KubeApiServer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator provisions a namespace's database role and engine Secret when a Workflow or
 * ShadowRun appears there and removes both when none is left: the test kit's API server, the real
 * PostgreSQL.
 */
class NamespaceAccessTest {
  private static final String NS = "team-a";
  private static final String SECRET = "shadowflow-database";

  private final KubeApiServer api = KubeApiServer.start();
  private final KubernetesClient client = withCrds(api.client());

  private final Database database = TestDatabase.fresh();
  private final TenantRoles roles =
      new TenantRoles(database.dataSource(), database.config().schema());

  private static KubernetesClient withCrds(KubernetesClient client) {
    OperatorHarness.installCrds(client);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    return client;
  }

  private NamespaceAccess access() {
    return new NamespaceAccess(client, roles, SECRET, TestDatabase.JDBC_URL);
  }

  @AfterEach
  void close() {
    roles.remove(NS);
    database.close();
    api.close();
  }

  @Test
  void aWorkflowsNamespaceGetsARoleThatLogsInAndSeesOnlyItsOwnRegistration() throws SQLException {
    access().grant(NS);
    Secret secret = secret();
    assertThat(secret).isNotNull();
    String url = value(secret, "jdbc-url");
    assertThat(url).doesNotContain("user=").startsWith("jdbc:postgresql://");
    assertThat(value(secret, "username")).isEqualTo(roles.roleName(NS));
    assertThat(value(secret, "password")).hasSize(32);
    roles.provision("team-b");
    try (Connection c =
            DriverManager.getConnection(url, value(secret, "username"), value(secret, "password"));
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT namespace FROM \"" + database.config().schema() + "\".tenants")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo(NS);
      assertThat(r.next()).as("another namespace's registration").isFalse();
    } finally {
      roles.remove("team-b");
    }
  }

  @Test
  void grantingAgainKeepsTheSecretAndItsPassword() {
    access().grant(NS);
    Secret first = secret();
    // A restarted operator (a new instance) finds role and Secret in place and changes neither.
    access().grant(NS);
    assertThat(secret().getMetadata().getResourceVersion())
        .isEqualTo(first.getMetadata().getResourceVersion());
    assertThat(roles.provisioned(NS)).contains(roles.roleName(NS));
  }

  @Test
  void aSecretWhoseRoleIsGoneIsMadeAnew() {
    access().grant(NS);
    String before = value(secret(), "password");
    roles.remove(NS);
    access().grant(NS);
    assertThat(roles.provisioned(NS)).isPresent();
    assertThat(value(secret(), "password")).isNotEqualTo(before);
  }

  @Test
  void theLastWorkflowOrShadowRunLeavingRemovesSecretAndRole() {
    NamespaceAccess access = access();
    Workflow orders =
        create(Manifests.workflowYaml("orders", "- {name: a, kind: random}"), Workflow.class);
    ShadowRun nightly =
        create(
            """
            apiVersion: shadowflow.io/v1alpha1
            kind: ShadowRun
            metadata: {name: nightly}
            spec: {workflowRef: {name: orders}, seeds: {from: 0, count: 2}}
            """,
            ShadowRun.class);
    access.grant(NS);

    client.resource(orders).delete();
    access.releaseIfUnused(orders);
    assertThat(secret()).as("the ShadowRun still needs it").isNotNull();
    assertThat(roles.provisioned(NS)).isPresent();

    client.resource(nightly).delete();
    access.releaseIfUnused(nightly);
    assertThat(secret()).isNull();
    assertThat(roles.provisioned(NS)).isEmpty();

    // A new Workflow in the namespace provisions everything again.
    create(Manifests.workflowYaml("orders", "- {name: a, kind: random}"), Workflow.class);
    access.grant(NS);
    assertThat(secret()).isNotNull();
    assertThat(roles.provisioned(NS)).isPresent();
  }

  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> T create(
      String manifest, Class<T> type) {
    T resource = client.getKubernetesSerialization().unmarshal(manifest, type);
    resource.getMetadata().setNamespace(NS);
    return client.resource(resource).create();
  }

  private Secret secret() {
    return client.secrets().inNamespace(NS).withName(SECRET).get();
  }

  private static String value(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }
}
