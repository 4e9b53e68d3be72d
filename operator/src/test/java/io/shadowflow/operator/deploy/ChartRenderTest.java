package io.shadowflow.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.operator.jobs.EnginePods;
import io.shadowflow.operator.jobs.Labels;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChartRenderTest {
  @Test
  void defaultsRenderOneReplicaWithoutLeaderElectionAndTheBundledDatabase() {
    Chart.Rendered r = Chart.render(Map.of());
    Deployment operator = r.operator();
    assertThat(operator.getSpec().getReplicas()).isEqualTo(1);
    assertThat(r.env("SHADOWFLOW_LEADER_ELECTION")).hasValue("false");
    assertThat(operator.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(r.kind("Role")).isEmpty();
    assertThat(r.all(StatefulSet.class)).hasSize(1);
    assertThat(r.kind("Secret")).hasSize(2);
    assertThat(r.kind("ServiceMonitor")).isEmpty();
    assertThat(r.kind("PrometheusRule")).isEmpty();
    assertThat(r.all(ConfigMap.class))
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("sf-shadowflow-postgresql-init");
    assertThat(r.kind("ClusterRoleBinding")).hasSize(1);
  }

  @Test
  void operatorPodIsRestrictedAndProbedOnItsHealthEndpoints() {
    Chart.Rendered r = Chart.render(Map.of());
    PodSpec pod = r.operator().getSpec().getTemplate().getSpec();
    Container container = r.operatorContainer();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).containsKey("memory");
    assertThat(container.getImage()).isEqualTo("shadowflow/operator:0.1.0");
  }

  @Test
  void twoReplicasTurnLeaderElectionOn() {
    Chart.Rendered r = Chart.render(Map.of("operator.replicas", 2));
    assertThat(r.env("SHADOWFLOW_LEADER_ELECTION")).hasValue("true");
    assertThat(r.operator().getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(r.kind("Role")).hasSize(1);
  }

  @Test
  void anExistingDatabaseSecretReplacesTheBundledDatabase() {
    Chart.Rendered r =
        Chart.render(
            Map.of("database.bundled.enabled", false, "database.existingSecret", "corp-pg"));
    assertThat(r.all(StatefulSet.class)).isEmpty();
    assertThat(r.kind("Secret")).isEmpty();
    assertThat(r.yaml()).contains("name: corp-pg");
  }

  @Test
  void watchedNamespacesAreBoundOneByOne() {
    Chart.Rendered r = Chart.render(Map.of("operator.watchNamespaces", List.of("apps", "batch")));
    assertThat(r.all(RoleBinding.class))
        .extracting(b -> b.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("apps", "batch");
    assertThat(r.all(RoleBinding.class))
        .allSatisfy(b -> assertThat(b.getRoleRef().getKind()).isEqualTo("Role"));
    assertThat(r.all(Role.class))
        .filteredOn(role -> role.getMetadata().getName().endsWith("-operator"))
        .extracting(role -> role.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("apps", "batch");
    assertThat(r.kind("ClusterRoleBinding")).isEmpty();
    assertThat(r.all(ClusterRole.class))
        .as("no ClusterRole for workloads")
        .extracting(role -> role.getMetadata().getName())
        .noneMatch(name -> name.endsWith("-operator"));
    assertThat(r.env("SHADOWFLOW_WATCH_NAMESPACES")).hasValue("apps,batch");
  }

  @Test
  void monitoringRendersServiceMonitorRulesAndDashboard() throws Exception {
    Chart.Rendered r =
        Chart.render(
            Map.of(
                "metrics.serviceMonitor.enabled", true,
                "metrics.prometheusRule.enabled", true,
                "metrics.grafanaDashboard.enabled", true));
    assertThat(r.kind("ServiceMonitor")).hasSize(1);
    GenericKubernetesResource rule = (GenericKubernetesResource) r.kind("PrometheusRule").get(0);
    Map<?, ?> rules =
        Serialization.unmarshal(
            Files.readString(Manifests.repositoryRoot().resolve("monitoring/alerts.yaml")),
            Map.class);
    // The rules as written, but for runbook links made absolute: the docs of this version.
    String docs = "https://github.com/shadowflow/shadowflow/blob/v0.1.0/";
    for (Object group : (List<?>) rules.get("groups")) {
      for (Object ruleOfGroup : (List<?>) ((Map<?, ?>) group).get("rules")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> annotations =
            (Map<String, Object>) ((Map<?, ?>) ruleOfGroup).get("annotations");
        if (annotations != null && annotations.get("runbook_url") != null) {
          annotations.put("runbook_url", docs + annotations.get("runbook_url"));
        }
      }
    }
    assertThat(rule.getAdditionalProperties().get("spec"))
        .isEqualTo(Map.of("groups", rules.get("groups")));
    ConfigMap dashboard =
        r.all(ConfigMap.class).stream()
            .filter(c -> c.getMetadata().getLabels().containsKey("grafana_dashboard"))
            .findFirst()
            .orElseThrow();
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    JsonNode json = new ObjectMapper().readTree(dashboard.getData().get("shadowflow.json"));
    assertThat(json.get("panels").size()).isGreaterThan(5);
  }

  @Test
  void podMonitorScrapesThePortTheOperatorGivesEnginePods() {
    Chart.Rendered r =
        Chart.render(
            Map.of(
                "metrics.podMonitor.enabled", true, "operator.watchNamespaces", List.of("apps")));
    GenericKubernetesResource monitor = (GenericKubernetesResource) r.kind("PodMonitor").get(0);
    Map<?, ?> spec = (Map<?, ?>) monitor.getAdditionalProperties().get("spec");
    Map<String, String> selector =
        cast((Map<?, ?>) ((Map<?, ?>) spec.get("selector")).get("matchLabels"));
    assertThat(Labels.of(Labels.ENGINE)).containsAllEntriesOf(selector);
    assertThat(selector).containsKeys(Labels.MANAGED_BY, Labels.COMPONENT);
    assertThat((List<?>) spec.get("podMetricsEndpoints"))
        .singleElement()
        .satisfies(e -> assertThat(((Map<?, ?>) e).get("port")).isEqualTo(EnginePods.METRICS_PORT));
    assertThat(((Map<?, ?>) spec.get("namespaceSelector")).get("matchNames"))
        .isEqualTo(List.of("apps"));
    assertThat(r.env("SHADOWFLOW_ENGINE_METRICS_PORT")).hasValue("9404");

    Chart.Rendered off =
        Chart.render(Map.of("metrics.podMonitor.enabled", true, "engine.metricsPort", 0));
    assertThat(off.kind("PodMonitor")).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> cast(Map<?, ?> labels) {
    return (Map<String, String>) labels;
  }

  @Test
  void everyRenderingParses() {
    for (Map<String, Object> values :
        List.<Map<String, Object>>of(
            Map.of(),
            Map.of("operator.replicas", 3, "metrics.serviceMonitor.enabled", true),
            Map.of("database.bundled.enabled", false, "operator.leaderElection", "true"))) {
      assertThat(Chart.render(values).objects())
          .isNotEmpty()
          .allSatisfy(
              o -> {
                assertThat(o.getMetadata().getName()).isNotBlank();
              });
    }
  }
}
