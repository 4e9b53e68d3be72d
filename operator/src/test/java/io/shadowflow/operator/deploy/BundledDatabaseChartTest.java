package io.shadowflow.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.shadowflow.operator.jobs.Labels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bundled PostgreSQL (docs/security.md, control 1): its passwords, roles and NetworkPolicy. */
class BundledDatabaseChartTest {
  private static final String POSTGRES = "sf-shadowflow-postgresql";

  /**
   * The operator's own connection: not the engine Secret name, which the operator provisions and
   * deletes in every namespace with Workflows, the release's own included.
   */
  private static final String APPLICATION = POSTGRES + "-application";

  private static String secretValue(Chart.Rendered r, String name, String key) {
    return r.all(Secret.class).stream()
        .filter(s -> s.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow()
        .getStringData()
        .get(key);
  }

  private static NetworkPolicy databasePolicy(Chart.Rendered r) {
    return r.all(NetworkPolicy.class).stream()
        .filter(p -> p.getMetadata().getName().equals(POSTGRES + "-ingress"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void passwordsAreRandomPerInstallAndKeptFromTheExistingSecret() throws Exception {
    Chart.Rendered first = Chart.render(Map.of());
    Chart.Rendered second = Chart.render(Map.of());
    String app = secretValue(first, APPLICATION, "password");
    String superuser = secretValue(first, POSTGRES + "-superuser", "password");
    assertThat(app).matches("[A-Za-z0-9]{32}").isNotEqualTo(superuser);
    assertThat(superuser).matches("[A-Za-z0-9]{32}");
    // Same release, same namespace, no Secret yet: nothing derivable, each install draws anew.
    assertThat(secretValue(second, APPLICATION, "password")).isNotEqualTo(app);
    assertThat(secretValue(second, POSTGRES + "-superuser", "password")).isNotEqualTo(superuser);
    String helpers = Files.readString(Chart.path().resolve("templates/_helpers.tpl"));
    assertThat(helpers).doesNotContain("sha256sum");
    assertThat(first.all(Secret.class))
        .allSatisfy(
            s ->
                assertThat(s.getMetadata().getAnnotations())
                    .containsEntry("helm.sh/resource-policy", "keep"));
    assertThat(
            secretValue(
                Chart.render(Map.of("database.bundled.password", "chosen-by-admin")),
                APPLICATION,
                "password"))
        .isEqualTo("chosen-by-admin");
  }

  @Test
  void anUpgradeKeepsThePasswordsOfTheSecretsItFinds() {
    KubernetesClient cluster = HelmLookupServer.client();
    List<Secret> existing =
        List.of(
            existingSecret(APPLICATION, "app-password-of-the-first-install"),
            existingSecret(POSTGRES + "-superuser", "superuser-password-of-the-first-install"));
    existing.forEach(s -> cluster.resource(s).create());
    try {
      Chart.Rendered upgrade = Chart.render(Map.of());
      assertThat(secretValue(upgrade, APPLICATION, "password"))
          .isEqualTo("app-password-of-the-first-install");
      assertThat(secretValue(upgrade, POSTGRES + "-superuser", "password"))
          .isEqualTo("superuser-password-of-the-first-install");
    } finally {
      existing.forEach(s -> cluster.resource(s).delete());
    }
  }

  private static Secret existingSecret(String name, String password) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(Chart.NAMESPACE)
        .endMetadata()
        .addToData(
            "password",
            Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  @Test
  void theApplicationRoleIsNoSuperuserAndTheSuperuserPasswordStaysInTheDatabasePod() {
    Chart.Rendered r = Chart.render(Map.of());
    String init =
        r.all(ConfigMap.class).stream()
            .filter(c -> c.getMetadata().getName().equals(POSTGRES + "-init"))
            .findFirst()
            .orElseThrow()
            .getData()
            .get("10-application-role.sh");
    assertThat(init)
        .contains("CREATE ROLE :\"app_user\" LOGIN NOSUPERUSER NOCREATEDB CREATEROLE")
        .contains("NOBYPASSRLS")
        .contains("ALTER DATABASE :\"app_db\" OWNER TO :\"app_user\"")
        .contains("CREATE SCHEMA :\"app_schema\" AUTHORIZATION :\"app_user\"")
        .contains("app_schema=\"shadowflow\"");
    assertThat(secretValue(r, APPLICATION, "username")).isEqualTo("shadowflow");

    StatefulSet postgres = r.all(StatefulSet.class).get(0);
    var pod = postgres.getSpec().getTemplate().getSpec();
    Map<String, EnvVar> env = new java.util.HashMap<>();
    pod.getContainers().get(0).getEnv().forEach(e -> env.put(e.getName(), e));
    assertThat(env.get("POSTGRES_USER").getValue()).isEqualTo("postgres");
    assertThat(env.get("POSTGRES_PASSWORD").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo(POSTGRES + "-superuser");
    assertThat(env.get("SHADOWFLOW_APP_USER").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo(APPLICATION);
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/docker-entrypoint-initdb.d"));
    // The operator connects as the application role, never as the superuser.
    assertThat(r.operatorContainer().getEnv().toString())
        .contains("secretKeyRef=SecretKeySelector(key=password, name=" + APPLICATION)
        .doesNotContain(POSTGRES + "-superuser");
  }

  @Test
  void onlyOperatorAndEnginePodsReachTheDatabasePort() {
    Chart.Rendered r = Chart.render(Map.of());
    NetworkPolicy policy = databasePolicy(r);
    StatefulSet postgres = r.all(StatefulSet.class).get(0);
    assertThat(postgres.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getIngress()).hasSize(1);
    NetworkPolicyIngressRule rule = policy.getSpec().getIngress().get(0);
    assertThat(rule.getPorts()).hasSize(1);
    assertThat(rule.getPorts().get(0).getPort().getIntVal()).isEqualTo(5432);
    assertThat(rule.getFrom()).hasSize(2);

    NetworkPolicyPeer operator = rule.getFrom().get(0);
    assertThat(operator.getNamespaceSelector()).isNull();
    assertThat(r.operator().getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(operator.getPodSelector().getMatchLabels());
    assertThat(operator.getPodSelector().getMatchLabels())
        .containsEntry(Labels.COMPONENT, "operator");

    NetworkPolicyPeer engines = rule.getFrom().get(1);
    LabelSelector enginePods = engines.getPodSelector();
    assertThat(enginePods.getMatchLabels())
        .containsExactly(Map.entry(Labels.MANAGED_BY, Labels.OPERATOR));
    assertThat(enginePods.getMatchExpressions()).hasSize(1);
    assertThat(enginePods.getMatchExpressions().get(0).getKey()).isEqualTo(Labels.COMPONENT);
    assertThat(enginePods.getMatchExpressions().get(0).getValues())
        .containsExactly(Labels.ENGINE, Labels.SHADOW_WORKER);
    // All namespaces watched: engine pods anywhere.
    assertThat(engines.getNamespaceSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(engines.getNamespaceSelector().getMatchExpressions()).isNullOrEmpty();
  }

  @Test
  void withWatchedNamespacesOnlyTheirEnginePodsAreAdmittedAndAnExternalDatabaseHasNoPolicy() {
    NetworkPolicy policy =
        databasePolicy(Chart.render(Map.of("operator.watchNamespaces", List.of("apps", "batch"))));
    var namespaces = policy.getSpec().getIngress().get(0).getFrom().get(1).getNamespaceSelector();
    assertThat(namespaces.getMatchExpressions().get(0).getKey())
        .isEqualTo("kubernetes.io/metadata.name");
    assertThat(namespaces.getMatchExpressions().get(0).getValues())
        .containsExactly("apps", "batch");

    Chart.Rendered external =
        Chart.render(
            Map.of("database.bundled.enabled", false, "database.existingSecret", "corp-pg"));
    assertThat(external.all(NetworkPolicy.class))
        .noneMatch(p -> p.getMetadata().getName().startsWith(POSTGRES));
  }
}
