package io.shadowflow.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.shadowflow.operator.jobs.Labels;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class EngineEgressChartTest {
  private static List<NetworkPolicy> enginePolicies(Chart.Rendered r) {
    return r.all(NetworkPolicy.class).stream()
        .filter(p -> p.getMetadata().getName().endsWith("-engine-egress"))
        .toList();
  }

  private static List<IPBlock> ipBlocks(NetworkPolicy policy) {
    return policy.getSpec().getEgress().stream()
        .flatMap(rule -> rule.getTo().stream())
        .map(NetworkPolicyPeer::getIpBlock)
        .filter(Objects::nonNull)
        .toList();
  }

  @Test
  void engineAndShadowPodsGetADefaultDenyEgressPolicyWithDnsTheDatabaseAndPublicAddresses() {
    Chart.Rendered r = Chart.render(Map.of());
    NetworkPolicy policy = enginePolicies(r).get(0);
    assertThat(enginePolicies(r)).hasSize(1);
    assertThat(policy.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Egress");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .containsEntry(Labels.MANAGED_BY, Labels.OPERATOR);
    assertThat(policy.getSpec().getPodSelector().getMatchExpressions().get(0).getValues())
        .containsExactly(Labels.ENGINE, Labels.SHADOW_WORKER);
    List<NetworkPolicyEgressRule> rules = policy.getSpec().getEgress();
    assertThat(rules.get(0).getPorts()).extracting(p -> p.getPort().getIntVal()).containsOnly(53);
    assertThat(rules.get(1).getTo().get(0).getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/component", "database");
    assertThat(rules.get(1).getPorts().get(0).getPort().getIntVal()).isEqualTo(5432);
    assertThat(ipBlocks(policy)).extracting(IPBlock::getCidr).containsExactly("0.0.0.0/0", "::/0");
    assertThat(ipBlocks(policy).get(0).getExcept())
        .contains("10.0.0.0/8", "169.254.0.0/16", "127.0.0.0/8");
    assertThat(ipBlocks(policy).get(1).getExcept()).contains("fe80::/10", "::1/128");
    assertThat(r.env("SHADOWFLOW_CLUSTER_CIDRS")).isEmpty();
  }

  @Test
  void clusterRangesAreClosedAndTheAllowlistOpenedInEveryWatchedNamespace() {
    Chart.Rendered r =
        Chart.render(
            Map.of(
                "operator.watchNamespaces", List.of("apps", "batch"),
                "engine.egress.clusterCidrs", List.of("100.96.0.0/11", "fd00:10::/56"),
                "engine.egress.allow", List.of("100.96.4.0/24"),
                "engine.egress.networkPolicy.internet", false));
    assertThat(enginePolicies(r))
        .extracting(p -> p.getMetadata().getNamespace())
        .containsExactly("apps", "batch");
    assertThat(ipBlocks(enginePolicies(r).get(0)))
        .extracting(IPBlock::getCidr)
        .containsExactly("100.96.4.0/24");
    assertThat(r.env("SHADOWFLOW_CLUSTER_CIDRS")).hasValue("100.96.0.0/11,fd00:10::/56");
    assertThat(r.env("SHADOWFLOW_ENGINE_EGRESS_ALLOW")).hasValue("100.96.4.0/24");

    Chart.Rendered open =
        Chart.render(
            Map.of("engine.egress.clusterCidrs", List.of("100.96.0.0/11", "fd00:10::/56")));
    List<IPBlock> internet = ipBlocks(enginePolicies(open).get(0));
    assertThat(internet.get(0).getExcept())
        .contains("100.96.0.0/11")
        .doesNotContain("fd00:10::/56");
    assertThat(internet.get(1).getExcept()).contains("fd00:10::/56");
  }

  @Test
  void anExternalDatabaseIsReachedThroughItsRangesAndThePolicyCanBeTurnedOff() {
    Chart.Rendered external =
        Chart.render(
            Map.of(
                "database.bundled.enabled",
                false,
                "database.existingSecret",
                "corp-pg",
                "engine.egress.networkPolicy.databaseCidrs",
                List.of("192.168.7.10/32"),
                "engine.egress.networkPolicy.databasePort",
                6432));
    NetworkPolicyEgressRule database = enginePolicies(external).get(0).getSpec().getEgress().get(1);
    assertThat(database.getTo().get(0).getIpBlock().getCidr()).isEqualTo("192.168.7.10/32");
    assertThat(database.getPorts().get(0).getPort().getIntVal()).isEqualTo(6432);

    assertThat(enginePolicies(Chart.render(Map.of("engine.egress.networkPolicy.enabled", false))))
        .isEmpty();
  }
}
